// DimVector: inline storage up to kInline dims, a reusable heap buffer beyond, and value
// semantics (copy, move, self-aliasing assignment) across that boundary.
#include <gtest/gtest.h>

#include <numeric>
#include <utility>
#include <vector>

#include "ember/core/array_ref.h"

using ember::DimVector;
using ember::IntArrayRef;

namespace {

std::vector<int64_t> iota(size_t n, int64_t start = 1) {
  std::vector<int64_t> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

}  // namespace

TEST(DimVector, ConstructsFromListsAndCounts) {
  EXPECT_TRUE(DimVector().empty());
  EXPECT_EQ(DimVector({3, 4}).vec(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(DimVector(3, 7).vec(), (std::vector<int64_t>{7, 7, 7}));
  EXPECT_EQ(DimVector(size_t{0}, 5).size(), 0u);
  for (size_t n : {0u, 1u, 5u, 6u, 7u, 13u}) {
    const std::vector<int64_t> v = iota(n);
    EXPECT_EQ(DimVector(IntArrayRef(v)).vec(), v) << n;
  }
}

TEST(DimVector, GrowsPastInlineAndShrinksBack) {
  DimVector d;
  std::vector<int64_t> want;
  for (int64_t i = 0; i < 20; ++i) {
    d.push_back(i * 10);
    want.push_back(i * 10);
    ASSERT_EQ(d.vec(), want) << i;
  }
  d.resize(3);
  EXPECT_EQ(d.vec(), (std::vector<int64_t>{0, 10, 20}));
  d.resize(9);  // regrows into the kept heap buffer; new entries are zero
  EXPECT_EQ(d.vec(), (std::vector<int64_t>{0, 10, 20, 0, 0, 0, 0, 0, 0}));
  d.insert(1, -1);
  EXPECT_EQ(d.vec(), (std::vector<int64_t>{0, -1, 10, 20, 0, 0, 0, 0, 0, 0}));
  for (int i = 0; i < 5; ++i) d.erase(4);
  EXPECT_EQ(d.vec(), (std::vector<int64_t>{0, -1, 10, 20, 0}));
  d.pop_back();
  EXPECT_EQ(d.back(), 20);
  d.assign(8, 2);
  EXPECT_EQ(d.vec(), std::vector<int64_t>(8, 2));
}

TEST(DimVector, CopiesAndMovesKeepValues) {
  for (size_t n : {2u, 6u, 7u, 15u}) {
    const DimVector a(IntArrayRef(iota(n)));
    DimVector b(a);
    EXPECT_EQ(b, a);
    b[0] = 99;
    EXPECT_EQ(a[0], 1);  // a deep copy
    DimVector c(std::move(b));
    EXPECT_EQ(c[0], 99);
    EXPECT_EQ(c.size(), n);
    DimVector d({5});
    d = c;
    EXPECT_EQ(d, c);
    DimVector e(IntArrayRef(iota(20)));
    e = std::move(d);
    EXPECT_EQ(e, c);
    e = e;  // self-assignment
    EXPECT_EQ(e, c);
  }
}

TEST(DimVector, AssignFromItsOwnElements) {
  for (size_t n : {4u, 10u}) {
    DimVector d(IntArrayRef(iota(n)));
    d = IntArrayRef(d).slice(1);  // aliases d's storage
    EXPECT_EQ(d.vec(), iota(n - 1, 2));
    d.assign(IntArrayRef(d.data(), 2));
    EXPECT_EQ(d.vec(), iota(2, 2));
  }
  DimVector big(IntArrayRef(iota(12)));
  big = IntArrayRef(big).slice(9);  // heap -> inline while aliasing
  EXPECT_EQ(big.vec(), iota(3, 10));
}
