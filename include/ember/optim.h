// ember::optim umbrella: optimizers (SGD, Adam, AdamW, RMSprop, Adagrad), their state dicts in
// PyTorch's layout, and the learning-rate schedulers.
#pragma once
#include "ember/optim/adagrad.h"
#include "ember/optim/adam.h"
#include "ember/optim/adamw.h"
#include "ember/optim/lr_scheduler.h"
#include "ember/optim/optimizer.h"
#include "ember/optim/rmsprop.h"
#include "ember/optim/sgd.h"
#include "ember/optim/state_dict.h"
