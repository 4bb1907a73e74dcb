// Atomic saves: a child process killed (SIGKILL, through the test-only fault hook) in the middle
// of writing leaves the previous file byte-identical and no temporary file; an exception mid-save
// does the same; a completed save replaces the file with the usual permissions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ember/ember.h"
#include "support/fixture.h"
#include "support/temp_dir.h"

using namespace ember;
namespace fs = std::filesystem;

using ember::test::TempDir;

namespace {

std::string read_file(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

OrderedDict<std::string, Tensor> big_state(double fill) {
  OrderedDict<std::string, Tensor> sd;
  sd.insert("a", full({256, 256}, fill));
  sd.insert("b", full({1000}, fill, kFloat64));
  return sd;
}

// Runs `save` in a child that the fault hook kills after `bytes` bytes; returns the wait status.
// The child only serializes tensors made before the fork (a forked child must not start OpenMP
// work: the parent's thread pool does not exist in it).
template <class F>
int run_killed_child(int64_t bytes, F&& save) {
  pid_t pid = ::fork();
  if (pid == 0) {
    io::testing::kill_after_bytes(bytes);
    try {
      save();
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);  // the hook did not fire
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

}  // namespace

TEST(AtomicFile, KilledMidWriteLeavesOldFileAndNoTemporary) {
  TempDir dir;
  const std::string target = dir / "model.pth";
  save(big_state(1.0), target);
  const std::string before = read_file(target);
  for (const char* ext : {".pth", ".safetensors"}) {
    const std::string t = dir / (std::string("model") + ext);
    save(big_state(1.0), t);
    const std::string old = read_file(t);
    for (int64_t n :
         {int64_t{0}, int64_t{100}, int64_t{70000}, static_cast<int64_t>(old.size()) - 1}) {
      SCOPED_TRACE(std::string(ext) + " killed after " + std::to_string(n) + " bytes");
      const auto next = big_state(2.0);
      int status = run_killed_child(n, [&] { save(next, t); });
      ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed (status " << status << ")";
      EXPECT_EQ(WTERMSIG(status), SIGKILL);
      EXPECT_EQ(read_file(t), old);
      auto sd = load_state_dict(t);
      EXPECT_EQ(sd["a"][0][0].item<float>(), 1.0f);
    }
  }
  EXPECT_EQ(read_file(target), before);
  // Only the two targets: the killed saves left no temporary files.
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"model.pth", "model.safetensors"}));
}

TEST(AtomicFile, CompletedSaveReplacesTheFile) {
  TempDir dir;
  const std::string target = dir / "m.pth";
  save(big_state(1.0), target);
  // A child whose budget covers the whole file completes normally.
  const auto next = big_state(2.0);
  int status = run_killed_child(int64_t{1} << 40, [&] { save(next, target); });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(load_state_dict(target)["a"][1][1].item<float>(), 2.0f);
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"m.pth"}));
}

TEST(AtomicFile, ExceptionMidSaveKeepsOldFile) {
  TempDir dir;
  const std::string target = dir / "m.pth";
  save(big_state(1.0), target);
  const std::string old = read_file(target);
  {
    io::AtomicFile f(target);
    f.write("partial", 7);
    // destroyed without commit (what an exception during a save does)
  }
  EXPECT_EQ(read_file(target), old);
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"m.pth"}));
  io::AtomicFile f(target);
  f.write("x", 1);
  f.commit();
  EXPECT_THAT([&] { f.commit(); },
              ::testing::ThrowsMessage<Error>(::testing::HasSubstr("already committed")));
  EXPECT_EQ(read_file(target), "x");
}

TEST(AtomicFile, UnwritableFolderIsAnError) {
  EXPECT_THAT([] { save(big_state(1.0), "/nonexistent-folder/m.pth"); },
              ::testing::ThrowsMessage<Error>(
                  ::testing::HasSubstr("cannot create a temporary file next to")));
}
