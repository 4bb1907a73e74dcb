// AtomicFile: writes a file so that readers only ever see the old or the complete new contents.
// Bytes go to an unnamed temporary file in the target's folder (Linux O_TMPFILE); commit()
// fsyncs it, links it as "<name>.tmp-<pid>-<n>", renames that over the target and fsyncs the
// folder. Destroying an uncommitted AtomicFile (an exception mid-save) discards the bytes. A
// process killed mid-write leaves the old target intact and no temporary file. (On file systems
// without O_TMPFILE a named "<name>.tmp-XXXXXX" is used instead, which a killed process leaves
// behind; so does a kill in the microseconds between link and rename.)
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

 private:
  void write_raw(const char* p, size_t n);
  std::string path_;
  std::string tmp_;
  int fd_ = -1;
  int64_t written_ = 0;
  bool committed_ = false;
  bool unnamed_ = false;
};

namespace testing {
// Test-only fault hook: after `bytes` more bytes have been written by AtomicFile objects in this
// process, the process kills itself with SIGKILL (a crash in the middle of a save). -1 disables.
void kill_after_bytes(int64_t bytes);
}  // namespace testing

}  // namespace ember::io
