// The legacy (pre-1.6, `_use_new_zipfile_serialization=False`) torch.save format: a magic-number
// pickle, a protocol pickle, a sys-info pickle, the object pickle, a pickled list of storage keys,
// then each storage as an 8-byte element count and its raw bytes. Read-only, same restrictions.
#pragma once
#include "ember/io/byte_source.h"
#include "ember/io/pickle.h"

namespace ember::io {

UnpickleResult load_legacy_pth(const ByteSource& src);

}  // namespace ember::io
