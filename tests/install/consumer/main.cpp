// Uses the installed headers and library; exits 0 only if a computed value is right.
#include <ember/ember.h>

int main() {
  ember::Tensor t = ember::arange(6).view({2, 3});
  return t.size(1) == 3 && t.to_vector<int64_t>()[5] == 5 ? 0 : 1;
}
