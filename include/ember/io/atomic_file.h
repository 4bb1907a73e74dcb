// AtomicFile: writes a file so that readers only ever see the old or the complete new contents.
// Bytes go to a temporary file in the target's folder ("<name>.tmp-XXXXXX"); commit() fsyncs it,
// renames it over the target and fsyncs the folder. Destroying an uncommitted AtomicFile (an
// exception mid-save) removes the temporary. A process killed mid-write leaves the old target
// intact and, at worst, one stale "<name>.tmp-XXXXXX" file next to it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace ember::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t n);
  int64_t bytes_written() const { return written_; }
  void commit();
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return tmp_; }

 private:
  void write_raw(const char* p, size_t n);
  std::string path_;
  std::string tmp_;
  int fd_ = -1;
  int64_t written_ = 0;
  bool committed_ = false;
};

namespace testing {
// Test-only fault hook: after `bytes` more bytes have been written by AtomicFile objects in this
// process, the process kills itself with SIGKILL (a crash in the middle of a save). -1 disables.
void kill_after_bytes(int64_t bytes);
}  // namespace testing

}  // namespace ember::io
