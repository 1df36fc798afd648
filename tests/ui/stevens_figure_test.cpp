// Stevens' figure 6.6 from measured runs: the phases of synthetic receives with known times come
// out exact; real runs of each model show what that model guarantees; the figure renders.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>

#include <cerrno>
#include <cstdlib>

#include "../test_scenario.hpp"
#include "bridge/run_controller.hpp"
#include "figure/figure_measure.hpp"
#include "figure/stevens_figure.hpp"
#include "model/trace_document.hpp"
#include "models/model.hpp"

namespace ioscope::ui {
namespace {

constexpr std::int64_t kBase = 5'000'000'000;
constexpr std::int64_t kUs = 1000;
constexpr int kFd = 7;
constexpr std::uint32_t kConn = 40001;

// Builds a trace in the order a buyer thread's ring delivers it. Times in µs from kBase.
struct Trace {
  std::vector<TraceEvent> v;

  TraceEvent& add(std::int64_t us, EventKind kind, Sys sys = Sys::none, Lane lane = Lane::Buyer) {
    TraceEvent e;
    e.t_ns = kBase + us * kUs;
    e.kind = kind;
    e.sys = sys;
    e.lane = lane;
    e.fd = kFd;
    e.conn = lane == Lane::Buyer || lane == Lane::Shopkeeper ? kConn : 0;
    v.push_back(e);
    return v.back();
  }
  void call(std::int64_t b, std::int64_t e, Sys sys, long result = 0, int err = 0) {
    add(b, EventKind::SyscallBegin, sys);
    TraceEvent& end = add(e, EventKind::SyscallEnd, sys);
    end.value = result;
    end.err = static_cast<std::uint16_t>(err);
  }
  void eagain(std::int64_t b, std::int64_t e) { call(b, e, Sys::recvmsg, -1, EAGAIN); }
  // What traced_recvmsg / emit_data_arrival record for data that came.
  void arrival(std::int64_t ready, std::int64_t copy_begin, std::int64_t copy_end,
               std::uint8_t flags) {
    add(ready, EventKind::KernelReady, Sys::none, Lane::Shopkeeper).value = 64;
    add(copy_begin, EventKind::CopyBegin).flags = flags;
    add(copy_end, EventKind::CopyEnd).value = 64;
  }
  void recv(std::int64_t b, std::int64_t e, std::int64_t ready) {
    call(b, e, Sys::recvmsg, 64);
    const bool waited = ready > b;
    arrival(ready, waited ? ready : b, e, waited ? flag::kWaited : 0);
  }
  void work(std::int64_t b, std::int64_t e) { add(b, EventKind::Work).aux = (e - b) * kUs; }
  void probe(std::int64_t us, EventKind kind, std::int64_t len_us, std::uint8_t flags = 0) {
    TraceEvent& e = add(us, kind);
    e.aux = len_us * kUs;
    e.flags = flags;
    set_source(e, Source::Probe);
  }
  TraceDocument doc() const {
    TraceDocument d;
    d.append(v);
    return d;
  }
};

std::int64_t at(std::int64_t us) {
  return kBase + us * kUs;
}

std::optional<ReceiveMeasure> only(const TraceDocument& doc) {
  const auto all = measure_receives(doc);
  EXPECT_EQ(all.size(), 1u);
  return all.empty() ? std::nullopt : std::optional(all.front());
}

TEST(StevensFigureMeasure, BlockingWaitsAndCopiesInsideOneRecvmsg) {
  Trace t;
  t.recv(0, 1000, 600);
  const auto m = only(t.doc());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->style, WaitStyle::InRecv);
  EXPECT_EQ(m->wait_call, Sys::recvmsg);
  EXPECT_EQ(m->copy_call, Sys::recvmsg);
  EXPECT_EQ(m->wait_begin, at(0));
  EXPECT_EQ(m->phase1_ns(), 600 * kUs);
  EXPECT_EQ(m->phase2_ns(), 400 * kUs);
  EXPECT_EQ(m->notice_ns(), 0);
  EXPECT_FALSE(m->wakeup);
  EXPECT_FALSE(m->measured_copy);
}

TEST(StevensFigureMeasure, BlockingWithTheProbeSplitsWakeupAndCopy) {
  Trace t;
  t.recv(0, 1000, 600);
  t.probe(600, EventKind::Wakeup, 150);
  t.probe(800, EventKind::KernelCopy, 150);
  const auto m = only(t.doc());
  ASSERT_TRUE(m);
  ASSERT_TRUE(m->wakeup);
  ASSERT_TRUE(m->measured_copy);
  EXPECT_EQ(m->wakeup->t0, at(600));
  EXPECT_EQ(m->wakeup->ns(), 150 * kUs);
  EXPECT_EQ(m->measured_copy->t0, at(800));
  EXPECT_EQ(m->measured_copy->ns(), 150 * kUs);
  EXPECT_EQ(m->phase2_ns(), 400 * kUs);
}

TEST(StevensFigureMeasure, NonblockingPhaseOneIsTheEagainCallsSinceTheLastData) {
  Trace t;
  t.recv(0, 10, -5);  // data already there: not a wait
  t.call(20, 30, Sys::sendto, 64);
  t.eagain(100, 102);
  t.work(102, 190);
  t.eagain(200, 202);
  t.eagain(300, 302);
  t.recv(400, 405, 350);
  const TraceDocument doc = t.doc();
  const auto all = measure_receives(doc);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].waited());
  const auto m = representative_receive(all);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->style, WaitStyle::Polling);
  EXPECT_EQ(m->wait_begin, at(100));
  EXPECT_EQ(m->eagain, 3);
  EXPECT_EQ(m->phase1_ns(), 250 * kUs);
  EXPECT_EQ(m->notice_ns(), 50 * kUs);
  EXPECT_EQ(m->copy_ns(), 5 * kUs);
  EXPECT_EQ(m->phase2_ns(), 55 * kUs);
  EXPECT_EQ(m->work_ns, 88 * kUs);
  EXPECT_EQ(eagain_times(doc, *m), (std::vector<std::int64_t>{at(100), at(200), at(300)}));
}

TEST(StevensFigureMeasure, EpollWaitsInEpollWaitThenCopiesInRecvmsg) {
  Trace t;
  t.call(0, 500, Sys::epoll_wait, 1);
  t.recv(510, 520, 480);
  const auto m = only(t.doc());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->style, WaitStyle::InMultiplex);
  EXPECT_EQ(m->wait_call, Sys::epoll_wait);
  EXPECT_EQ(m->copy_call, Sys::recvmsg);
  EXPECT_EQ(m->wait_begin, at(0));
  EXPECT_EQ(m->told, at(500));
  EXPECT_EQ(m->phase1_ns(), 480 * kUs);
  EXPECT_EQ(m->notice_ns(), 30 * kUs);
  EXPECT_EQ(m->phase2_ns(), 40 * kUs);
}

TEST(StevensFigureMeasure, SigioWorksUntilTheSignalThenCopiesInRecvmsg) {
  Trace t;
  t.eagain(0, 2);  // the read to EAGAIN after the previous message
  t.work(2, 250);
  t.work(250, 320);
  TraceEvent& sig = t.add(310, EventKind::Notify);  // recorded late, as the handler stamped it
  sig.fd = -1;
  sig.aux = kFd;
  sig.value = 1;
  t.recv(330, 335, 300);
  const auto m = only(t.doc());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->style, WaitStyle::Signal);
  EXPECT_EQ(m->copy_call, Sys::recvmsg);
  EXPECT_EQ(m->wait_begin, at(2));
  EXPECT_EQ(m->phase1_ns(), 298 * kUs);
  EXPECT_EQ(m->signal_count, 1);
  EXPECT_EQ(m->told, at(310));
  EXPECT_EQ(m->eagain, 0);
  EXPECT_EQ(m->work_ns, 298 * kUs);
  EXPECT_EQ(m->phase2_ns(), 35 * kUs);
}

TEST(StevensFigureMeasure, IoUringPhaseOneStartsAtTheSubmissionAndTheKernelCopies) {
  Trace t;
  t.arrival(-150, -150, -100, flag::kWaited | flag::kKernelCopy);  // the previous delivery
  t.call(0, 5, Sys::io_uring_enter, 1);                            // submits the receive
  t.work(5, 690);
  // Another connection's data comes first, and its trips into the kernel are not ours.
  TraceEvent& other = t.add(690, EventKind::KernelReady, Sys::none, Lane::Shopkeeper);
  other.conn = kConn + 1;
  t.call(692, 695, Sys::io_uring_enter, 1);
  t.work(695, 760);
  t.add(760, EventKind::Notify, Sys::io_uring_enter).value = 1;
  t.arrival(700, 700, 760, flag::kWaited | flag::kKernelCopy);
  t.probe(710, EventKind::KernelCopy, 3, flag::kKernelCopy);
  const auto all = measure_receives(t.doc());
  ASSERT_EQ(all.size(), 1u) << "the first delivery's submission is not in the trace";
  const auto& m = all.front();
  EXPECT_EQ(m.style, WaitStyle::Submitted);
  EXPECT_EQ(m.copy_call, Sys::none);
  EXPECT_TRUE(m.kernel_copy);
  EXPECT_EQ(m.wait_begin, at(0));
  EXPECT_EQ(m.phase1_ns(), 700 * kUs);
  EXPECT_EQ(m.phase2_ns(), 60 * kUs);
  EXPECT_EQ(m.work_ns, 690 * kUs);
  ASSERT_TRUE(m.measured_copy);
  EXPECT_EQ(m.measured_copy->ns(), 3 * kUs);
  EXPECT_FALSE(m.io_worker);
}

TEST(StevensFigureMeasure, TheRepresentativeIsTheMedianByPhaseTwo) {
  Trace t;
  t.recv(0, 110, 100);    // phase 2: 10 µs
  t.recv(200, 330, 300);  // 30 µs
  t.recv(400, 520, 500);  // 20 µs
  t.recv(600, 610, 590);  // did not wait: not a candidate
  const auto all = measure_receives(t.doc());
  ASSERT_EQ(all.size(), 4u);
  const auto m = representative_receive(all);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->ready, at(500));
  EXPECT_EQ(m->phase2_ns(), 20 * kUs);
  EXPECT_FALSE(representative_receive(std::vector<ReceiveMeasure>{}));
}

// --- Real runs ------------------------------------------------------------------------------

Scenario figureScenario(const std::string& model, ProbeMode probe = ProbeMode::Off) {
  Scenario s = test::scenario(model.c_str(), 2, 6, 64, 20'000'000);
  s.probe = probe;
  return s;
}

std::optional<std::string> unavailable(const std::string& model) {
  const ModelInfo* info = find_model(model);
  if (info == nullptr) return "unknown model";
  return info->unavailable ? info->unavailable() : std::nullopt;
}

// Runs the scenario to its end; the controller holds the trace.
bool runToEnd(RunController& ctl, const Scenario& s) {
  QSignalSpy finished(&ctl, &RunController::finished);
  if (!ctl.start(s)) {
    ADD_FAILURE() << ctl.error().toStdString();
    return false;
  }
  if (!finished.wait(60000)) {
    ADD_FAILURE() << "the run did not finish";
    return false;
  }
  if (!ctl.summary().ok()) {
    ADD_FAILURE() << ctl.summary().error;
    return false;
  }
  return true;
}

std::size_t buyerCalls(const TraceDocument& doc, Sys sys) {
  std::size_t n = 0;
  for (std::uint32_t i = 0; i < doc.size(); ++i) {
    const TraceEvent& e = doc.event(i);
    if (e.lane == Lane::Buyer && e.kind == EventKind::SyscallBegin && e.sys == sys) ++n;
  }
  return n;
}

class StevensFigureRealRun : public ::testing::TestWithParam<std::string> {};

TEST_P(StevensFigureRealRun, ShowsWhatTheModelGuarantees) {
  const std::string model = GetParam();
  if (auto why = unavailable(model)) GTEST_SKIP() << *why;
  RunController ctl;
  ASSERT_TRUE(runToEnd(ctl, figureScenario(model)));
  const TraceDocument& doc = ctl.document();
  const auto all = measure_receives(doc);
  ASSERT_FALSE(all.empty()) << "no receive with data was measured";
  const auto m = representative_receive(all);
  ASSERT_TRUE(m);
  // Whatever the machine's load: the phases are in order.
  EXPECT_LE(m->wait_begin, m->ready);
  EXPECT_LE(m->ready, m->copy_begin);
  EXPECT_LE(m->copy_begin, m->copy_end);
  EXPECT_TRUE(m->waited()) << "at 20 ms between messages, some receive must have waited";

  if (model == "blocking") {
    EXPECT_EQ(m->style, WaitStyle::InRecv);
    EXPECT_GT(m->phase1_ns(), 0);
    // The copy is inside the very recvmsg that waited.
    EXPECT_EQ(m->copy_call, Sys::recvmsg);
    const Track* t = doc.find_track({Lane::Buyer, m->track});
    ASSERT_NE(t, nullptr);
    bool inside = false;
    for (const Span& s : t->spans)
      inside |= s.kind == SpanKind::Syscall && s.sys == Sys::recvmsg && s.t0 == m->wait_begin &&
                s.t1 == m->copy_end;
    EXPECT_TRUE(inside) << "no recvmsg spans phase 1 and the copy";
  } else if (model == "nonblocking") {
    EXPECT_EQ(m->style, WaitStyle::Polling);
    EXPECT_GE(m->eagain, 1) << "phase 1 of a poller is calls that came back EAGAIN";
    EXPECT_FALSE(eagain_times(doc, *m).empty());
    EXPECT_EQ(m->copy_call, Sys::recvmsg);
  } else if (model == "epoll" || model == "select" || model == "poll") {
    EXPECT_EQ(m->style, WaitStyle::InMultiplex);
    EXPECT_NE(m->wait_call, Sys::recvmsg);
    EXPECT_EQ(m->copy_call, Sys::recvmsg);
    EXPECT_GE(m->told, m->ready) << "the ready set comes back after the data";
    EXPECT_LE(m->told, m->copy_begin);
  } else if (model == "sigio") {
    EXPECT_EQ(m->style, WaitStyle::Signal);
    EXPECT_GE(m->signal_count, 1);
    EXPECT_EQ(m->copy_call, Sys::recvmsg);
  } else if (model == "io_uring") {
    EXPECT_EQ(m->style, WaitStyle::Submitted);
    EXPECT_TRUE(m->kernel_copy);
    EXPECT_EQ(m->copy_call, Sys::none);
    EXPECT_EQ(buyerCalls(doc, Sys::recvmsg), 0u) << "io_uring's process never calls recvmsg";
  }
}

INSTANTIATE_TEST_SUITE_P(StevensFigure, StevensFigureRealRun,
                         ::testing::Values("blocking", "nonblocking", "select", "epoll", "sigio",
                                           "io_uring"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// Every default row from a real run, rendered. With IOSCOPE_FIGURE_PNG set, the picture is saved
// there too (a quick look at the figure alone; the README's is the app's own,
// scripts/screenshots.sh).
TEST(StevensFigure, RendersEveryModelsRealRun) {
  const bool save = !qEnvironmentVariableIsEmpty("IOSCOPE_FIGURE_PNG");
  StevensFigure figure;
  figure.setFigurePointSize(14);  // projector size
  EXPECT_EQ(figure.models(), StevensFigure::defaultModels());
  for (const QString& id : StevensFigure::defaultModels()) {
    const FigureRow* row = figure.row(id);
    ASSERT_NE(row, nullptr);
    if (auto why = unavailable(id.toStdString())) {
      EXPECT_FALSE(row->unavailable.isEmpty()) << "an unavailable model's row says why";
      continue;
    }
    EXPECT_TRUE(row->unavailable.isEmpty());
    RunController ctl;
    ASSERT_TRUE(
        runToEnd(ctl, figureScenario(id.toStdString(), save ? ProbeMode::Auto : ProbeMode::Off)));
    figure.setRun(id, ctl.document());
    row = figure.row(id);
    ASSERT_TRUE(row->receive) << id.toStdString();
    EXPECT_GT(row->receives, 0u);
  }
  const QImage img = figure.renderImage(QSize(1366, 768));
  ASSERT_FALSE(img.isNull());
  EXPECT_EQ(img.size(), QSize(1366, 768));
  // Something was drawn: not one flat colour.
  EXPECT_NE(img.pixel(10, 10), img.pixel(683, 400));
  if (save) {
    EXPECT_EQ(figure.savePng(qEnvironmentVariable("IOSCOPE_FIGURE_PNG"), QSize(1366, 768)),
              QString());
  }
}

TEST(StevensFigure, UnavailableAndUnmeasuredRowsStillRender) {
  StevensFigure figure;
  figure.setModels({QStringLiteral("blocking"), QStringLiteral("io_uring")});
  figure.setUnavailable(QStringLiteral("io_uring"), QStringLiteral("io_uring is disabled"));
  ASSERT_NE(figure.row(QStringLiteral("io_uring")), nullptr);
  EXPECT_EQ(figure.row(QStringLiteral("io_uring"))->unavailable,
            QStringLiteral("io_uring is disabled"));
  EXPECT_FALSE(figure.row(QStringLiteral("blocking"))->receive);
  figure.resize(800, 500);
  const QImage img = figure.renderImage();
  EXPECT_EQ(img.size(), QSize(800, 500));
  const QString path = QDir::temp().filePath(QStringLiteral("ioscope-stevens-figure-test.png"));
  EXPECT_EQ(figure.savePng(path), QString());
  EXPECT_EQ(QImage(path).size(), QSize(800, 500));
  QFile::remove(path);
}

}  // namespace
}  // namespace ioscope::ui
