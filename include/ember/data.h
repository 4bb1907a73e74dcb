// The data layer: datasets, samplers, DataLoader, LibTorch's data transforms and MNIST.
#pragma once
#include "ember/data/concat_dataset.h"
#include "ember/data/dataloader.h"
#include "ember/data/dataset.h"
#include "ember/data/idx.h"
#include "ember/data/mnist.h"
#include "ember/data/samplers.h"
#include "ember/data/subset.h"
#include "ember/data/tensor_dataset.h"
#include "ember/data/transforms.h"
