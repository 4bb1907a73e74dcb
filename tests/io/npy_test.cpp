// .npy files: NumPy-written fixtures (tools/golden/npy.py) load to the right values in every dtype,
// byte order, C/Fortran order and header version; saves reproduce np.save byte for byte and round
// trip; every kind of corrupt or hostile file gives an ember::Error naming file and byte offset.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ember/io/npy.h"
#include "support/fixture.h"
#include "support/temp_dir.h"

using namespace ember;
namespace fs = std::filesystem;

using ember::test::TempDir;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The value formula of tools/golden/npy.py (vals()).
Tensor values(std::vector<int64_t> shape, ScalarType dt, int64_t seed = 0) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::vector<double> f(static_cast<size_t>(n));
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t raw = i * 37 + 11 + seed * 101;
    f[static_cast<size_t>(i)] = static_cast<double>(raw % 2003 - 1001) / 997.0;
    v[static_cast<size_t>(i)] = dt == kBool ? (raw % 3 == 0) : raw % 19 - 9;
  }
  Tensor t = is_floating_point(dt) ? tensor(f) : tensor(v);
  return t.to(dt).reshape(shape);
}

// A v1.0 .npy file with the given header text, padded as NumPy pads it, followed by `data`.
std::string npy_file(const std::string& dict, const std::string& data, int version = 1) {
  std::string header = dict;
  const size_t len_bytes = version == 1 ? 2 : 4;
  while ((8 + len_bytes + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out.push_back(static_cast<char>(version));
  out.push_back('\0');
  for (size_t i = 0; i < len_bytes; ++i)
    out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return out + header + data;
}

// The message of the Error that loading `bytes` (written to a file) throws.
std::string load_error(const TempDir& dir, const std::string& bytes,
                       const std::string& name = "bad.npy") {
  write_file(dir / name, bytes);
  try {
    load_npy((dir / name).string());
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

::testing::AssertionResult mentions(const std::string& msg, const std::string& file,
                                    const std::string& what, int64_t offset) {
  const std::string where = "(at byte offset " + std::to_string(offset) + ")";
  if (msg.find(file) == std::string::npos || msg.find(what) == std::string::npos ||
      msg.find(where) == std::string::npos)
    return ::testing::AssertionFailure() << "message \"" << msg << "\" lacks '" << file << "', '"
                                         << what << "' or '" << where << "'";
  return ::testing::AssertionSuccess();
}

const std::string kF4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
const std::string kF4Data(16, '\0');

}  // namespace

TEST(NpyFixture, NumpyFilesLoadToTheRightValues) {
  const auto fx = test::load_fixture("npy.json");
  int n = 0;
  for (const auto& f : fx.at("files")) {
    const std::string name = f.at("file");
    SCOPED_TRACE(name);
    Tensor t = load_npy(test::fixture_path("npy/" + name));
    EXPECT_TENSOR_EQ(t, test::tensor_from_json(f.at("expected")));
    EXPECT_TRUE(t.is_contiguous());
    ++n;
  }
  EXPECT_EQ(n, 30);
}

TEST(NpyFixture, SavingWhatWasLoadedReproducesNumpysBytes) {
  const auto fx = test::load_fixture("npy.json");
  int n = 0;
  for (const auto& f : fx.at("files")) {
    if (!f.at("default_save").get<bool>()) continue;
    const std::string path = test::fixture_path("npy/" + f.at("file").get<std::string>());
    SCOPED_TRACE(path);
    EXPECT_EQ(npy_to_bytes(load_npy(path)), read_file(path));
    ++n;
  }
  EXPECT_EQ(n, 18);
}

TEST(Npy, HeaderBytesMatchNumpyLayout) {
  // np.save(f, np.zeros((3, 4), np.float32)) header, including NumPy's 21-digit growth padding.
  std::string bytes = npy_to_bytes(zeros({3, 4}));
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
  ASSERT_EQ(bytes.size(), 128u + 48u);
  EXPECT_EQ(bytes.substr(0, 10), std::string("\x93NUMPY\x01\x00\x76\x00", 10));
  EXPECT_EQ(bytes.substr(10, dict.size()), dict);
  EXPECT_EQ(bytes.substr(10 + dict.size(), 117 - dict.size()), std::string(117 - dict.size(), ' '));
  EXPECT_EQ(bytes[127], '\n');
  // 0-d: no growth padding; bool's descr has no byte order.
  std::string scalar = npy_to_bytes(tensor(true));
  EXPECT_NE(scalar.find("{'descr': '|b1', 'fortran_order': False, 'shape': (), }"),
            std::string::npos);
  EXPECT_EQ(scalar.size(), 129u);
}

TEST(Npy, RoundTripsEveryDtypeAndShape) {
  TempDir dir;
  for (ScalarType dt :
       {kBool, kUInt8, kInt8, kInt16, kInt32, kInt64, kFloat16, kFloat32, kFloat64}) {
    for (std::vector<int64_t> shape : {std::vector<int64_t>{}, {0}, {0, 3}, {5}, {2, 3, 4}}) {
      SCOPED_TRACE(std::string(dtype_name(dt)) + " " + to_string(IntArrayRef(shape)));
      Tensor t = values(shape, dt, 3);
      auto path = (dir / "t.npy").string();
      save_npy(path, t);
      Tensor back = load_npy(path);
      EXPECT_TENSOR_EQ(back, t);
      EXPECT_TENSOR_EQ(npy_from_bytes(read_file(path).data(), read_file(path).size()), t);
    }
  }
}

TEST(Npy, NonContiguousTensorsAreSavedInRowMajorOrder) {
  TempDir dir;
  Tensor t = values({4, 6}, kFloat64, 1);
  Tensor v = t.t().slice(0, 1, 6, 2);  // (3, 4) with strides (2, 6)
  save_npy((dir / "v.npy").string(), v);
  EXPECT_TENSOR_EQ(load_npy((dir / "v.npy").string()), v.contiguous());
}

TEST(Npy, Bfloat16HasNoNumpyDtype) {
  TempDir dir;
  try {
    save_npy((dir / "b.npy").string(), zeros({2}, kBFloat16));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "save_npy: bfloat16 has no NumPy dtype; convert the tensor first, e.g. "
                 "t.to(ember::kFloat32)");
  }
  EXPECT_FALSE(fs::exists(dir / "b.npy"));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(Npy, SaveIsAtomicAndLeavesNoTemporaryFiles) {
  TempDir dir;
  auto path = (dir / "a.npy").string();
  save_npy(path, values({3}, kFloat32));
  save_npy(path, values({2, 2}, kInt64));  // replaces the old file
  EXPECT_TENSOR_EQ(load_npy(path), values({2, 2}, kInt64));
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename(), "a.npy");
    ++files;
  }
  EXPECT_EQ(files, 1);
  // A missing folder: an error naming the path, nothing written anywhere.
  auto missing = (dir / "no_such_dir" / "x.npy").string();
  try {
    save_npy(missing, values({3}, kFloat32));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(Npy, HandWrittenHeadersInAnyKeyOrderAndQuoteStyle) {
  TempDir dir;
  std::string data(24, '\0');
  for (int i = 0; i < 6; ++i) data[static_cast<size_t>(4 * i + 3)] = static_cast<char>(i);  // >i4
  write_file(dir / "h.npy",
             npy_file("{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \">i4\"}", data));
  EXPECT_TENSOR_EQ(load_npy((dir / "h.npy").string()), tensor({{0, 1, 2}, {3, 4, 5}}, kInt32));
  write_file(dir / "v2.npy", npy_file(kF4, kF4Data, 2));
  EXPECT_TENSOR_EQ(load_npy((dir / "v2.npy").string()), zeros({2, 2}));
  // Bytes other than 0/1 in a bool array read as true.
  write_file(dir / "b.npy", npy_file("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                                     std::string("\x00\x02\x01", 3)));
  EXPECT_TENSOR_EQ(load_npy((dir / "b.npy").string()), tensor({false, true, true}));
  // Extra bytes after the data are ignored, as NumPy does.
  write_file(dir / "x.npy", npy_file(kF4, kF4Data + "junk"));
  EXPECT_TENSOR_EQ(load_npy((dir / "x.npy").string()), zeros({2, 2}));
}

TEST(NpyCorrupt, MissingFileAndDirectory) {
  TempDir dir;
  auto missing = (dir / "none.npy").string();
  try {
    load_npy(missing);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "load_npy: cannot open '" + missing + "': No such file or directory");
  }
  try {
    load_npy(dir.path().string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "load_npy: '" + dir.path().string() + "' is not a regular file");
  }
}

TEST(NpyCorrupt, BadMagicAndVersion) {
  TempDir dir;
  EXPECT_TRUE(
      mentions(load_error(dir, ""), "bad.npy", "ends inside the .npy magic string (0 bytes)", 0));
  EXPECT_TRUE(mentions(load_error(dir, "\x93NUM"), "bad.npy", "ends inside the .npy magic", 0));
  EXPECT_TRUE(mentions(load_error(dir, "PK\x03\x04 this is a zip"), "bad.npy",
                       "not a .npy file (bad magic string)", 0));
  std::string v4 = npy_file(kF4, kF4Data);
  v4[6] = 4;
  EXPECT_TRUE(mentions(load_error(dir, v4), "bad.npy", "unsupported .npy format version 4.0", 6));
  std::string v11 = npy_file(kF4, kF4Data);
  v11[7] = 1;
  EXPECT_TRUE(mentions(load_error(dir, v11), "bad.npy", "unsupported .npy format version 1.1", 6));
}

TEST(NpyCorrupt, HeaderLengthFieldAndTruncatedHeader) {
  TempDir dir;
  EXPECT_TRUE(mentions(load_error(dir, std::string("\x93NUMPY\x01\x00\x76", 9)), "bad.npy",
                       "file ends inside the header length field", 8));
  EXPECT_TRUE(mentions(load_error(dir, std::string("\x93NUMPY\x02\x00\x10\x00", 10)), "bad.npy",
                       "file ends inside the header length field", 8));
  std::string full = npy_file(kF4, kF4Data);
  EXPECT_TRUE(mentions(load_error(dir, full.substr(0, 60)), "bad.npy",
                       "header length 118 runs past the end of the file (60 bytes)", 8));
  // A v2 header length of 4 GiB in a small file: rejected before any allocation.
  std::string huge = std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12) + std::string(100, ' ');
  EXPECT_TRUE(
      mentions(load_error(dir, huge), "bad.npy", "header length 4294967295 runs past the end", 8));
  // A large (but present) header beyond the 1 MiB limit.
  std::string big_header =
      std::string("\x93NUMPY\x02\x00\x00\x00\x20\x00", 12) + std::string(0x200000, ' ');
  EXPECT_TRUE(
      mentions(load_error(dir, big_header), "bad.npy", "exceeds the limit of 1048576 bytes", 8));
}

TEST(NpyCorrupt, MalformedHeaderDictionaries) {
  TempDir dir;
  struct Case {
    std::string dict, what;
    int64_t offset;  // file offset of the problem: 10 + position in the dict
  };
  const std::vector<Case> cases = {
      {"['descr', '<f4']", "expected '{'", 10},
      {"{'descr': '<f4', 'fortran_order': False}", "the header has no 'shape' key", 10},
      {"{'descr': '<f4', 'shape': (2, 2)}", "the header has no 'fortran_order' key", 10},
      {"{'fortran_order': False, 'shape': (2, 2)}", "the header has no 'descr' key", 10},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
       "duplicate key 'descr'", 27},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'extra': 1}",
       "unexpected key 'extra'", 68},
      {"{'descr': '<f4', 'fortran_order': maybe, 'shape': (2, 2), }",
       "'fortran_order' must be True or False", 44},
      {"{'descr': '<f4, 'fortran_order': False, 'shape': (2, 2), }", "unsupported dtype '<f4, '",
       20},
      {"{'descr': '<f4', 'fortran_order' False, 'shape': (2, 2), }", "expected ':'", 43},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -2), }", "negative dimension", 64},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2; 2), }", "expected ',' or ')'", 62},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
       "dimension in 'shape' is too large", 61},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), } trailing",
       "unexpected characters after the header dictionary", 70},
      {"{'descr': '<f4' 'fortran_order': False, 'shape': (2, 2), }", "expected ',' or '}'", 26},
      {"{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2, 2), }", "escape sequences", 23},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), ",
       "the header ends before its dictionary is closed", 128},
      {"{'descr': '<f4', 'fortran_order': False, 3: (2, 2), }", "expected a quoted string", 51},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.dict);
    EXPECT_TRUE(mentions(load_error(dir, npy_file(c.dict, kF4Data)), "bad.npy", c.what, c.offset));
  }
}

TEST(NpyCorrupt, UnsupportedDtypes) {
  TempDir dir;
  for (std::string d : {"<c8", "<u4", "<u2", ">u8", "<U3", "|O", "<f16", "|S5", "<M8[ns]", ""}) {
    SCOPED_TRACE(d);
    std::string dict = "{'descr': '" + d + "', 'fortran_order': False, 'shape': (2,), }";
    EXPECT_TRUE(mentions(load_error(dir, npy_file(dict, kF4Data)), "bad.npy",
                         "unsupported dtype '" + d + "'", 20));
  }
  std::string structured = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }";
  EXPECT_TRUE(
      mentions(load_error(dir, npy_file(structured, kF4Data)), "bad.npy", "structured dtypes", 20));
}

TEST(NpyCorrupt, SizesAreCheckedAgainstTheFileBeforeAllocating) {
  TempDir dir;
  // Data shorter than the shape needs (truncated after 3 of 4 floats).
  std::string trunc = npy_file(kF4, kF4Data).substr(0, 128 + 12);
  EXPECT_TRUE(mentions(load_error(dir, trunc), "bad.npy",
                       "data is 12 bytes but shape (2, 2) of float32 needs 16", 128));
  // Absurd sizes: 10^12 doubles claimed by a tiny file; 2^62 * 2^62 elements overflow int64.
  std::string absurd =
      npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", "x");
  EXPECT_TRUE(mentions(load_error(dir, absurd), "bad.npy", "needs 8000000000000", 128));
  std::string overflow = npy_file(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, "
      "4611686018427387904), }",
      "");
  EXPECT_TRUE(mentions(load_error(dir, overflow), "bad.npy", "has too many elements", 10));
  std::string bytes_overflow =
      npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }", "");
  EXPECT_TRUE(mentions(load_error(dir, bytes_overflow), "bad.npy", "is too large in bytes", 10));
  // Memory variant names its source.
  std::string bytes = npy_file(kF4, "");
  try {
    npy_from_bytes(bytes.data(), bytes.size(), "member.npy");
    FAIL();
  } catch (const Error& e) {
    EXPECT_TRUE(mentions(e.what(), "member.npy", "data is 0 bytes", 128));
  }
}

// Writes files for tools/golden/npy_numpy_check.py (NumPy must read them back and np.save must
// produce the same bytes; CTest's io.numpy_interop runs it where NumPy exists) into
// $EMBER_NPY_EXPORT_DIR, or a temporary folder, and checks that each file reloads in ember.
TEST(NpyExport, WriteFilesForNumpyCheck) {
  const char* env = std::getenv("EMBER_NPY_EXPORT_DIR");
  fs::path out;
  bool owned = false;
  if (env != nullptr && *env) {
    out = env;
  } else {
    std::string tmpl = (fs::temp_directory_path() / "ember_npy_export_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    out = tmpl;
    owned = true;
  }
  std::vector<std::pair<fs::path, Tensor>> files;
  for (ScalarType dt :
       {kBool, kUInt8, kInt8, kInt16, kInt32, kInt64, kFloat16, kFloat32, kFloat64}) {
    const std::string n(dtype_name(dt));
    files.emplace_back(out / (n + "_2x3x4.npy"), values({2, 3, 4}, dt));
    files.emplace_back(out / (n + "_0d.npy"), values({}, dt));
    files.emplace_back(out / (n + "_0x5.npy"), values({0, 5}, dt));
  }
  files.emplace_back(out / "float32_1000.npy", values({1000}, kFloat32));
  for (const auto& [path, t] : files) save_npy(path.string(), t);
  for (const auto& [path, t] : files) EXPECT_TENSOR_EQ(load_npy(path.string()), t) << path;
  if (owned) fs::remove_all(out);
}
