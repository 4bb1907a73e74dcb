// compare_output EXPECTED_FILE RTOL -- PROGRAM [ARGS...]: runs PROGRAM, compares its stdout with
// EXPECTED_FILE token by token. Tokens that parse as numbers may differ by RTOL relative (0 means
// exactly equal text); every other token, and the line structure, must match exactly. Prints the
// first mismatch and exits 1 on any difference. An expected token "{any}" matches any one token
// (timings).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream is(s);
  std::string line;
  while (std::getline(is, line)) lines.push_back(line);
  return lines;
}

// Splits on spaces and the punctuation around numbers in tensor printouts.
std::vector<std::string> tokens(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (char c : line) {
    if (c == ' ' || c == ',' || c == '[' || c == ']' || c == '(' || c == ')' || c == '|' ||
        c == '%' || c == ':') {
      flush();
      out.push_back(std::string(1, c));
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

bool as_number(const std::string& t, double& v) {
  char* end = nullptr;
  v = std::strtod(t.c_str(), &end);
  return end && *end == '\0' && !t.empty();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5 || std::string(argv[3]) != "--") {
    std::cerr << "usage: compare_output EXPECTED RTOL -- PROGRAM [ARGS...]\n";
    return 2;
  }
  std::ifstream f(argv[1]);
  std::stringstream expected_ss;
  expected_ss << f.rdbuf();
  const double rtol = std::atof(argv[2]);
  std::string cmd;
  for (int i = 4; i < argc; ++i) cmd += std::string(i > 4 ? " " : "") + "'" + argv[i] + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return 2;
  std::string actual;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) actual.append(buf, n);
  int rc = pclose(p);
  if (rc != 0) {
    std::cerr << argv[4] << " failed (status " << rc << ")\n" << actual;
    return 1;
  }
  auto el = split_lines(expected_ss.str()), al = split_lines(actual);
  for (size_t i = 0; i < std::max(el.size(), al.size()); ++i) {
    std::string e = i < el.size() ? el[i] : "<missing>", a = i < al.size() ? al[i] : "<missing>";
    if (e == a) continue;
    auto et = tokens(e), at = tokens(a);
    bool ok = et.size() == at.size();
    for (size_t k = 0; ok && k < et.size(); ++k) {
      double x, y;
      if (et[k] == at[k] || et[k] == "{any}") continue;
      if (rtol <= 0) {
        ok = false;
        break;
      }
      ok = as_number(et[k], x) && as_number(at[k], y) &&
           std::fabs(x - y) <= rtol * std::max(std::fabs(x), std::fabs(y));
    }
    if (!ok) {
      std::cerr << "line " << i + 1 << " differs\n  expected: " << e << "\n  actual:   " << a
                << "\n";
      return 1;
    }
  }
  std::cout << "output matches " << argv[1] << (rtol > 0 ? " (numbers within rtol)" : " exactly")
            << "\n";
  return 0;
}
