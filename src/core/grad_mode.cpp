// Thread-local grad and inference mode flags.
#include "ember/core/grad_mode.h"

namespace ember {

namespace {
thread_local bool t_grad_enabled = true;
thread_local bool t_inference = false;
}  // namespace

bool GradMode::is_enabled() { return t_grad_enabled; }
void GradMode::set_enabled(bool enabled) { t_grad_enabled = enabled; }

InferenceMode::InferenceMode(bool enabled)
    : prev_grad_(t_grad_enabled), prev_inference_(t_inference) {
  t_inference = enabled;
  if (enabled) t_grad_enabled = false;
}
InferenceMode::~InferenceMode() {
  t_grad_enabled = prev_grad_;
  t_inference = prev_inference_;
}
bool InferenceMode::is_enabled() { return t_inference; }

}  // namespace ember
