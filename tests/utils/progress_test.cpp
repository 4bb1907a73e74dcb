// Progress bar lines against tqdm.format_meter (tools/golden/utils_metrics.py), and Timer helpers.
#include "ember/utils/progress.h"

#include <sstream>

#include "ember/utils/timer.h"
#include "support/fixture.h"

namespace ember::test {
namespace {

TEST(Progress, FormatMeterMatchesTqdm) {
  json fx = load_fixture("utils_metrics.json");
  ASSERT_GE(fx["meters"].size(), 10u);
  for (const auto& m : fx["meters"]) {
    std::string got = utils::format_meter(
        m["n"].get<int64_t>(), m["total"].get<int64_t>(), m["elapsed"].get<double>(),
        m["ncols"].get<int>(), m["desc"].get<std::string>(), m["postfix"].get<std::string>());
    EXPECT_EQ(got, m["expected"].get<std::string>());
  }
}

TEST(Progress, FormatInterval) {
  EXPECT_EQ(utils::format_interval(0), "00:00");
  EXPECT_EQ(utils::format_interval(59.9), "00:59");
  EXPECT_EQ(utils::format_interval(3600), "1:00:00");
}

TEST(Progress, DrawsWhenEnabledAndEndsTheLine) {
  std::ostringstream out;
  utils::ProgressBarOptions o;
  o.total = 3;
  o.desc = "Epoch";
  o.enabled = true;
  o.out = &out;
  o.ncols = 60;
  o.mininterval = 0;
  {
    ProgressBar bar(o);
    bar.update();
    bar.set_postfix("loss=1");
    bar.update(2);
    EXPECT_EQ(bar.n(), 3);
  }
  std::string s = out.str();
  EXPECT_EQ(s.front(), '\r');
  EXPECT_EQ(s.back(), '\n');
  EXPECT_NE(s.find("Epoch:   0%|"), std::string::npos);
  EXPECT_NE(s.find("Epoch: 100%|"), std::string::npos);
  EXPECT_NE(s.find("| 3/3 ["), std::string::npos);
  EXPECT_NE(s.find("loss=1]"), std::string::npos);
}

TEST(Progress, QuietWhenDisabled) {
  std::ostringstream out;
  utils::ProgressBarOptions o;
  o.total = 2;
  o.enabled = false;
  o.out = &out;
  int64_t count = 0;
  {
    utils::ProgressRange range(o);
    for (int64_t i : range) count += i + 1;
  }
  EXPECT_EQ(count, 3);
  EXPECT_TRUE(out.str().empty());
}

TEST(Progress, TrangeCountsEveryIndex) {
  std::vector<int64_t> seen;
  for (int64_t i : trange(4, "t")) seen.push_back(i);
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_THROW(trange(-1), Error);
}

TEST(Timer, PrintTrainTime) {
  auto start = utils::Timer::Clock::now();
  auto end = start + std::chrono::milliseconds(12345);
  std::ostringstream out;
  double t = utils::print_train_time(start, end, Device(kCPU), out);
  EXPECT_DOUBLE_EQ(t, 12.345);
  EXPECT_EQ(out.str(), "Train time on cpu: 12.345 seconds\n");
  utils::Timer timer;
  EXPECT_GE(timer.elapsed(), 0.0);
}

}  // namespace
}  // namespace ember::test
