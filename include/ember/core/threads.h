// The one threading knob: sets ember's OpenMP team size and OpenBLAS's thread count together.
#pragma once

namespace ember {
void set_num_threads(int n);
int get_num_threads();
}  // namespace ember
