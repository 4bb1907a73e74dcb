// Test helpers for the toy-data suites: the spec's vector file and tests/fixtures/toy_data.json,
// IEEE-754 bit patterns from "0x..." strings, and SHA-256 (FIPS 180-4) to check whole arrays
// against the hashes the spec gives.
#pragma once
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ember/ember.h"

namespace ember::test::toy {

using json = nlohmann::json;

inline json load_json_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) {
    ADD_FAILURE() << "cannot open " << path;
    return json::object();
  }
  return json::parse(f);
}

// ../shared/spec/numpy_sklearn_vectors.json
inline const json& spec() {
  static const json j = load_json_file(EMBER_SHARED_DIR "/spec/numpy_sklearn_vectors.json");
  return j;
}
// tests/fixtures/toy_data.json (tools/golden/toy_data.py)
inline const json& fixture() {
  static const json j = load_json_file(EMBER_SOURCE_DIR "/tests/fixtures/toy_data.json");
  return j;
}

inline uint64_t parse_hex(const std::string& s) { return std::stoull(s, nullptr, 16); }
inline double double_from_hex(const std::string& s) { return std::bit_cast<double>(parse_hex(s)); }
inline uint64_t bits(double v) { return std::bit_cast<uint64_t>(v); }
inline uint32_t bits(float v) { return std::bit_cast<uint32_t>(v); }
inline std::string hex64(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Compares a double with a {"repr", "hex"} spec entry or a bare "0x..." string, bit for bit.
inline ::testing::AssertionResult same_bits(double actual, const json& expected) {
  const std::string hex =
      expected.is_object() ? expected.at("hex").get<std::string>() : expected.get<std::string>();
  if (bits(actual) == parse_hex(hex)) return ::testing::AssertionSuccess();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", actual);
  return ::testing::AssertionFailure()
         << "got " << buf << " (" << hex64(bits(actual)) << "), expected " << hex;
}

// SHA-256 of a byte string, as lowercase hex.
inline std::string sha256(const void* data, size_t len) {
  static constexpr std::array<uint32_t, 64> k = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  std::array<uint32_t, 8> hs = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  // Message + 0x80 + zero padding + 64-bit big-endian bit length, in 64-byte blocks.
  std::vector<uint8_t> msg(static_cast<const uint8_t*>(data),
                           static_cast<const uint8_t*>(data) + len);
  msg.push_back(0x80);
  while (msg.size() % 64 != 56) msg.push_back(0);
  const uint64_t bit_len = static_cast<uint64_t>(len) * 8;
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<uint8_t>(bit_len >> (8 * i)));
  auto rotr = [](uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (size_t off = 0; off < msg.size(); off += 64) {
    std::array<uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i) {
      w[i] = (uint32_t{msg[off + 4 * i]} << 24) | (uint32_t{msg[off + 4 * i + 1]} << 16) |
             (uint32_t{msg[off + 4 * i + 2]} << 8) | uint32_t{msg[off + 4 * i + 3]};
    }
    for (int i = 16; i < 64; ++i) {
      const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = hs[0], b = hs[1], c = hs[2], d = hs[3], e = hs[4], f = hs[5], g = hs[6], h = hs[7];
    for (int i = 0; i < 64; ++i) {
      const uint32_t t1 =
          h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    hs[0] += a, hs[1] += b, hs[2] += c, hs[3] += d, hs[4] += e, hs[5] += f, hs[6] += g, hs[7] += h;
  }
  std::string out;
  char buf[9];
  for (uint32_t v : hs) {
    std::snprintf(buf, sizeof buf, "%08x", v);
    out += buf;
  }
  return out;
}

// SHA-256 over a contiguous tensor's bytes (row-major, little-endian on x86-64 as the spec's
// hashes assume).
inline std::string sha256(const Tensor& t) {
  const Tensor c = t.contiguous();
  return sha256(c.data_ptr(), static_cast<size_t>(c.nbytes()));
}
template <class T>
std::string sha256(const std::vector<T>& v) {
  return sha256(v.data(), v.size() * sizeof(T));
}

// The message of the ember::Error `fn` throws ("<no error>" if none).
template <class Fn>
std::string error_message(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace ember::test::toy
