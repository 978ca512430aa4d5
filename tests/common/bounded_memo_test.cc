#include "common/concurrency/bounded_memo.h"

#include <string>

#include "gtest/gtest.h"

namespace medbrief::concurrency {
namespace {

TEST(BoundedMemoTest, AValueIsWorkedOutOnceAndHandedOutAgain) {
  BoundedMemo<std::string> memo(10, 1000);
  int made = 0;
  const auto make = [&] {
    ++made;
    return std::string("value");
  };
  const std::shared_ptr<const std::string> first = memo.Get("key", 3, make);
  EXPECT_EQ(memo.Get("key", 3, make), first);
  EXPECT_EQ(*first, "value");
  EXPECT_EQ(made, 1);
}

TEST(BoundedMemoTest, PastEitherBoundEverythingIsForgotten) {
  int made = 0;
  const auto make = [&] { return std::to_string(++made); };
  BoundedMemo<std::string> few(2, 1000);
  const auto a = few.Get("a", 1, make);
  few.Get("b", 1, make);
  few.Get("c", 1, make);  // a third entry: a and b are forgotten
  EXPECT_NE(few.Get("a", 1, make), a);
  EXPECT_EQ(*a, "1");  // still valid for its holder

  BoundedMemo<std::string> small(100, 10);
  const auto x = small.Get("x", 6, make);
  EXPECT_EQ(small.Get("x", 6, make), x);
  small.Get("y", 6, make);  // 12 bytes: x is forgotten
  EXPECT_NE(small.Get("x", 6, make), x);
}

TEST(BoundedMemoTest, ClearForgetsEverything) {
  BoundedMemo<int> memo(10, 100);
  int made = 0;
  const auto first = memo.Get("k", 1, [&] { return ++made; });
  memo.Clear();
  EXPECT_EQ(*memo.Get("k", 1, [&] { return ++made; }), 2);
  EXPECT_EQ(*first, 1);
}

}  // namespace
}  // namespace medbrief::concurrency
