// The umbrella header: everything a user needs, `#include <ember/ember.h>`.
#pragma once
#include "ember/core/array_ref.h"
#include "ember/core/device.h"
#include "ember/core/dtype.h"
#include "ember/core/error.h"
#include "ember/core/print.h"
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"
#include "ember/core/threads.h"
#include "ember/ops/creation.h"
#include "ember/ops/promotion.h"
#include "ember/ops/shape.h"
