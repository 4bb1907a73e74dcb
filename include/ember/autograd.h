// Autograd: grad mode guards, the engine (backward / grad), gradcheck.
#pragma once
#include "ember/autograd/engine.h"
#include "ember/autograd/gradcheck.h"
#include "ember/autograd/node.h"
#include "ember/core/grad_mode.h"
