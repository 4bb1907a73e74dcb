// The vision layer: image io, transforms and image datasets (torchvision's spelling).
#pragma once
#include "ember/vision/io.h"
#include "ember/vision/transforms.h"
#include "ember/vision/transforms/functional.h"
#include "ember/vision/datasets/folder.h"
