// A traced program's verdict as the app writes it: in English the same line the CLI prints (both
// come from the verdict's counts), in Chinese translated, whatever the model.
#include <gtest/gtest.h>

#include <QRegularExpression>

#include <cerrno>
#include <set>

#include "foreign/model_verdict.hpp"
#include "window/verdict_text.hpp"
#include "zh_test_support.hpp"

namespace ioscope::ui {
namespace {

ObservedCall call(int tid, CallKind kind, std::int64_t ret = 0) {
  ObservedCall c;
  c.tid = tid;
  c.kind = kind;
  c.ret = ret;
  c.on_socket = true;
  return c;
}

void repeat(ObservedProgram& p, int n, const ObservedCall& c) {
  for (int i = 0; i < n; ++i) p.calls.push_back(c);
}

ObservedCall with(ObservedCall c, int op, std::uint64_t arg) {
  c.op = op;
  c.arg = arg;
  return c;
}

// A program for each verdict the app can show: every model, mixed, accept-only and none.
std::vector<ObservedProgram> programs() {
  std::vector<ObservedProgram> out;
  auto add = [&](auto fill) {
    ObservedProgram p;
    fill(p);
    out.push_back(std::move(p));
  };
  add([](ObservedProgram& p) {  // blocking, two threads, one connection each
    repeat(p, 1, call(1, CallKind::Accept, 5));
    repeat(p, 1, call(1, CallKind::Accept, 6));
    repeat(p, 12, call(2, CallKind::Receive, 64));
    repeat(p, 12, call(3, CallKind::Receive, 64));
  });
  add([](ObservedProgram& p) {  // non-blocking polling
    repeat(p, 30, call(1, CallKind::Receive, -EAGAIN));
    repeat(p, 10, call(1, CallKind::Receive, 64));
  });
  add([](ObservedProgram& p) {  // select, one read
    repeat(p, 20, call(1, CallKind::Select, 1));
    repeat(p, 1, call(1, CallKind::Receive, 64));
  });
  add([](ObservedProgram& p) { repeat(p, 20, call(1, CallKind::Poll, 1)); });
  add([](ObservedProgram& p) {  // epoll, level-triggered
    repeat(p, 1, call(1, CallKind::EpollCreate, 3));
    repeat(p, 2, with(call(1, CallKind::EpollCtl), 1, 1));
    repeat(p, 20, call(1, CallKind::EpollWait, 1));
  });
  add([](ObservedProgram& p) {  // epoll, edge-triggered
    repeat(p, 2, with(call(1, CallKind::EpollCtl), 1, 1u | (1u << 31)));
    repeat(p, 20, call(1, CallKind::EpollWait, 1));
    repeat(p, 3, call(1, CallKind::Receive, -EAGAIN));
  });
  add([](ObservedProgram& p) {  // signal-driven, with a signal delivered
    repeat(p, 2, with(call(1, CallKind::Fcntl), 8 /* F_SETOWN */, 1));
    repeat(p, 1, with(call(1, CallKind::Signal), 29 /* SIGIO */, 0));
    repeat(p, 20, call(1, CallKind::Receive, 64));
  });
  add([](ObservedProgram& p) {  // io_uring
    repeat(p, 1, call(1, CallKind::UringSetup, 4));
    repeat(p, 20, call(1, CallKind::UringEnter, 1));
  });
  add([](ObservedProgram& p) {  // mixed: an epoll loop and a blocking pool
    repeat(p, 40, call(1, CallKind::EpollWait, 1));
    repeat(p, 20, call(2, CallKind::Receive, 64));
    repeat(p, 20, call(3, CallKind::Receive, 64));
  });
  add([](ObservedProgram& p) { repeat(p, 1, call(1, CallKind::Accept, 5)); });
  add([](ObservedProgram& p) { repeat(p, 7, call(1, CallKind::Other, 0)); });
  return out;
}

TEST(VerdictText, InEnglishItIsTheLineTheCliPrints) {
  std::set<std::string> models;
  for (const ObservedProgram& p : programs()) {
    const ModelVerdict v = name_model(p);
    models.insert(v.model);
    EXPECT_EQ(VerdictText::evidence(v, p.calls.size()).toStdString(), v.evidence);
    EXPECT_EQ(VerdictText::modelWords(v.model).toStdString(), model_words(v.model));
  }
  // Every verdict the app can show was checked.
  EXPECT_EQ(models.size(), 10u) << "blocking, nonblocking, select, poll, epoll, epoll-et, sigio, "
                                   "io_uring, mixed, none";
}

using VerdictTextZh = ZhTranslatorTest;

TEST_F(VerdictTextZh, InChineseNoEnglishWordIsLeftButTheSystemCallsNames) {
  ASSERT_TRUE(loaded_);
  // What may stay as it is: system calls, flags, errno names, the names select/poll/io_uring.
  const QRegularExpression kept(QStringLiteral(
      "\\b(select|poll|epoll|epoll_create|epoll_wait|io_uring|io_uring_setup|io_uring_enter|"
      "fcntl|accept|O_ASYNC|F_SETOWN|F_SETSIG|EPOLLET|EAGAIN|I/O)\\b"));
  const QRegularExpression english(QStringLiteral("[A-Za-z]{2,}"));
  for (const ObservedProgram& p : programs()) {
    const ModelVerdict v = name_model(p);
    QString line = VerdictText::modelWords(v.model) + QLatin1Char(' ') +
                   VerdictText::evidence(v, p.calls.size());
    EXPECT_TRUE(hasHan(line)) << line.toStdString();
    line.remove(kept);
    EXPECT_FALSE(line.contains(english)) << v.model << ": " << line.toStdString();
  }
}

}  // namespace
}  // namespace ioscope::ui
