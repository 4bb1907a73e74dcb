// AtomicFile: temporary file + fsync + rename + folder fsync (see the header for the promise).
#include "ember/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "ember/core/error.h"

namespace ember::io {

namespace {

std::atomic<int64_t> g_kill_after{-1};

// The mode a new file gets from open(0666) under the current umask (mkstemp creates 0600).
mode_t file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

std::string folder_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string errno_text() { return std::string(std::strerror(errno)); }

}  // namespace

namespace testing {
void kill_after_bytes(int64_t bytes) { g_kill_after.store(bytes); }
}  // namespace testing

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  // Preferred: an unnamed file in the target's folder (O_TMPFILE). It only gets a name at
  // commit(), so a process killed mid-write leaves nothing behind.
  fd_ = ::open(folder_of(path_).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd_ >= 0) {
    unnamed_ = true;
    return;
  }
  tmp_ = path_ + ".tmp-XXXXXX";  // file systems without O_TMPFILE
  fd_ = ::mkstemp(tmp_.data());
  if (fd_ < 0)
    EMBER_ERROR("save: cannot create a temporary file next to '", path_, "': ", errno_text());
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    if (fd_ >= 0) ::close(fd_);
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
  }
}

void AtomicFile::write_raw(const char* p, size_t n) {
  while (n > 0) {
    ssize_t put = ::write(fd_, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) EMBER_ERROR("save: writing '", path_, "' failed: ", errno_text());
    p += put;
    n -= static_cast<size_t>(put);
    written_ += put;
  }
}

void AtomicFile::write(const void* data, size_t n) {
  EMBER_CHECK(!committed_, "save: '", path_, "' was already committed");
  const char* p = static_cast<const char*>(data);
  int64_t budget = g_kill_after.load();
  if (budget >= 0) {
    // Test hook: write exactly `budget` bytes, then die as a crash would.
    size_t now = static_cast<size_t>(std::min<int64_t>(budget, static_cast<int64_t>(n)));
    write_raw(p, now);
    g_kill_after.store(budget - static_cast<int64_t>(now));
    if (now < n) ::raise(SIGKILL);
    p += now;
    n -= now;
  }
  write_raw(p, n);
}

void AtomicFile::commit() {
  EMBER_CHECK(!committed_, "save: '", path_, "' was already committed");
  if (::fchmod(fd_, file_mode()) != 0 || ::fsync(fd_) != 0)
    EMBER_ERROR("save: syncing the new contents of '", path_, "' failed: ", errno_text());
  if (unnamed_) {
    // Give the unnamed file a temporary name next to the target, then rename it into place.
    const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
    for (int attempt = 0;; ++attempt) {
      tmp_ = path_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, tmp_.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
      if (errno != EEXIST || attempt > 100) {
        const std::string why = errno_text();
        tmp_.clear();
        EMBER_ERROR("save: cannot name the new contents of '", path_, "': ", why);
      }
    }
  }
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) EMBER_ERROR("save: closing '", tmp_, "' failed: ", errno_text());
  if (::rename(tmp_.c_str(), path_.c_str()) != 0)
    EMBER_ERROR("save: renaming '", tmp_, "' to '", path_, "' failed: ", errno_text());
  committed_ = true;
  // Make the rename itself durable.
  int dir = ::open(folder_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace ember::io
