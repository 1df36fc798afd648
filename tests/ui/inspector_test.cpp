// The inspector's words: what each kind of event means, in the analogy and in syscall terms, must
// be right (phase, result, who copied); and every pictogram the UI draws must load.
#include "inspector/inspector_widget.hpp"

#include <gtest/gtest.h>

#include <QFile>
#include <QSvgRenderer>
#include <QTextBrowser>

#include <cerrno>
#include <filesystem>

#include "events/event_text.hpp"

namespace ioscope::ui {
namespace {

using Phase = EventExplanation::Phase;

TraceEvent ev(std::int64_t t, EventKind kind, Sys sys = Sys::none, std::int64_t value = 0,
              std::int32_t fd = 7) {
  return {.t_ns = t, .value = value, .fd = fd, .kind = kind, .sys = sys};
}

TraceEvent endWithErrno(std::int64_t t, Sys sys, int err, std::int32_t fd = 7) {
  TraceEvent e = ev(t, EventKind::SyscallEnd, sys, -1, fd);
  e.err = static_cast<std::uint16_t>(err);
  return e;
}

// What traced_recvmsg leaves for a call that returned data: end, then KernelReady, copy begin/end.
void appendReceive(std::vector<TraceEvent>& v, std::int64_t begin, std::int64_t ready,
                   std::int64_t end, std::int64_t bytes, std::uint8_t extra_flags = 0,
                   bool inferred = false) {
  v.push_back(ev(begin, EventKind::SyscallBegin, Sys::recvmsg));
  v.push_back(ev(end, EventKind::SyscallEnd, Sys::recvmsg, bytes));
  TraceEvent r = ev(ready, EventKind::KernelReady, Sys::none, bytes);
  r.lane = Lane::Shopkeeper;
  r.aux = 3;
  r.conn = 40123;
  r.flags = inferred ? flag::kInferred : 0;
  v.push_back(r);
  const bool waited = ready > begin;
  TraceEvent c = ev(waited ? ready : begin, EventKind::CopyBegin, Sys::none, bytes);
  c.conn = 40123;
  c.flags = static_cast<std::uint8_t>((waited ? flag::kWaited : 0) | extra_flags);
  v.push_back(c);
  c.kind = EventKind::CopyEnd;
  c.t_ns = end;
  v.push_back(c);
}

bool has(const QString& text, const char* part) {
  return text.contains(QLatin1String(part), Qt::CaseInsensitive);
}

QString detail(const EventExplanation& x, const QString& label) {
  for (const auto& [l, v] : x.details)
    if (l == label) return v;
  return {};
}

TEST(EventExplainer, AnEagainRecvmsgIsAWastedCallInPhaseOne) {
  TraceDocument doc;
  doc.append(
      {ev(1000, EventKind::SyscallBegin, Sys::recvmsg), endWithErrno(1800, Sys::recvmsg, EAGAIN)});
  for (quint32 index : {0u, 1u}) {  // the begin and the end explain the same call
    const EventExplanation x = EventExplainer::explain(doc, index);
    ASSERT_TRUE(x.valid);
    EXPECT_EQ(x.title, QStringLiteral("recvmsg(fd 7) = -1 EAGAIN"));
    EXPECT_EQ(x.phase, Phase::WaitForData);
    EXPECT_TRUE(has(x.phaseText, "Phase 1")) << x.phaseText.toStdString();
    EXPECT_TRUE(has(x.analogy, "no") && has(x.analogy, "wasted call") &&
                has(x.analogy, "non-blocking"))
        << x.analogy.toStdString();
    EXPECT_TRUE(has(x.syscall, "EAGAIN") && has(x.syscall, "O_NONBLOCK") &&
                has(x.syscall, "no data"))
        << x.syscall.toStdString();
    EXPECT_TRUE(
        detail(x, QStringLiteral("Returned")).startsWith(QStringLiteral("-1, errno EAGAIN")));
    EXPECT_EQ(detail(x, QStringLiteral("Duration")), QStringLiteral("800 ns"));
  }
}

TEST(EventExplainer, AReceiveThatWaitedSpansBothPhasesAndPhaseTwoIncludesTheWakeUp) {
  TraceDocument doc;
  std::vector<TraceEvent> v;
  appendReceive(v, 0, 900'000, 950'000, 64);
  doc.append(v);
  const EventExplanation call = EventExplainer::explain(doc, 1);
  EXPECT_EQ(call.title, QStringLiteral("recvmsg(fd 7) = 64"));
  EXPECT_EQ(call.phase, Phase::Both);
  EXPECT_EQ(detail(call, QStringLiteral("Phase 1: waiting for data")), QStringLiteral("900 µs"));
  EXPECT_EQ(detail(call, QStringLiteral("Phase 2: wake-up + copy")), QStringLiteral("50 µs"));
  EXPECT_EQ(detail(call, QStringLiteral("Connection")), QStringLiteral("client port 40123"));
  EXPECT_EQ(detail(call, QStringLiteral("Message")), QStringLiteral("3"));
  EXPECT_TRUE(has(call.analogy, "waited") && has(call.analogy, "woke"))
      << call.analogy.toStdString();
  EXPECT_TRUE(has(call.syscall, "blocked") && has(call.syscall, "synchronous"))
      << call.syscall.toStdString();

  const EventExplanation copy = EventExplainer::explain(doc, 4);  // CopyEnd
  EXPECT_EQ(copy.phase, Phase::CopyToUser);
  EXPECT_TRUE(has(copy.title, "wake-up + copy")) << copy.title.toStdString();
  EXPECT_TRUE(has(copy.syscall, "waking the thread") && has(copy.syscall, "64 B"))
      << copy.syscall.toStdString();
  EXPECT_EQ(detail(copy, QStringLiteral("Duration")), QStringLiteral("50 µs"));
}

TEST(EventExplainer, AReceiveOfDataAlreadyThereIsThePhaseTwoCopyTheBuyerDoesItself) {
  TraceDocument doc;
  std::vector<TraceEvent> v;
  appendReceive(v, 10'000, 4'000, 12'000, 512);
  doc.append(v);
  const EventExplanation x = EventExplainer::explain(doc, 1);
  EXPECT_EQ(x.phase, Phase::CopyToUser);
  EXPECT_TRUE(has(x.analogy, "copies it out himself") && has(x.analogy, "phase 2, synchronous"))
      << x.analogy.toStdString();
  EXPECT_TRUE(has(x.syscall, "already in the socket's receive buffer")) << x.syscall.toStdString();
  EXPECT_EQ(detail(x, QStringLiteral("Data waited in the kernel")), QStringLiteral("6 µs"));

  const EventExplanation ready = EventExplainer::explain(doc, 2);
  EXPECT_EQ(ready.phase, Phase::ReadyInKernel);
  EXPECT_TRUE(has(ready.analogy, "knife reached the shop") && has(ready.analogy, "SO_TIMESTAMPING"))
      << ready.analogy.toStdString();
  EXPECT_FALSE(has(ready.analogy, "inferred"));
  EXPECT_EQ(detail(ready, QStringLiteral("Waited in the kernel")), QStringLiteral("6 µs"));
  EXPECT_TRUE(has(ready.syscall, "message 3")) << ready.syscall.toStdString();
}

TEST(EventExplainer, AnInferredKernelReadySaysSo) {
  TraceDocument doc;
  std::vector<TraceEvent> v;
  appendReceive(v, 10'000, 12'000, 12'000, 64, 0, true);
  doc.append(v);
  const EventExplanation x = EventExplainer::explain(doc, 2);
  EXPECT_TRUE(has(x.analogy, "inferred: no kernel timestamp")) << x.analogy.toStdString();
  EXPECT_EQ(detail(x, QStringLiteral("Time source")),
            QStringLiteral("inferred (no kernel timestamp)"));
}

TEST(EventExplainer, AnIoUringCopyWasDoneByTheKernelAsynchronously) {
  TraceDocument doc;
  std::vector<TraceEvent> v;
  TraceEvent ready = ev(5'000, EventKind::KernelReady, Sys::none, 256);
  ready.lane = Lane::Shopkeeper;
  ready.aux = 1;
  v.push_back(ready);
  TraceEvent c = ev(5'000, EventKind::CopyBegin, Sys::none, 256);
  c.flags = flag::kKernelCopy | flag::kWaited;
  v.push_back(c);
  c.kind = EventKind::CopyEnd;
  c.t_ns = 6'000;
  v.push_back(c);
  TraceEvent reaped = ev(9'000, EventKind::Notify, Sys::io_uring_enter, 1, -1);
  v.push_back(reaped);
  doc.append(v);

  const EventExplanation copy = EventExplainer::explain(doc, 2);
  EXPECT_EQ(copy.phase, Phase::KernelCopy);
  EXPECT_TRUE(has(copy.analogy, "courier")) << copy.analogy.toStdString();
  EXPECT_TRUE(has(copy.syscall, "kernel copied") && has(copy.syscall, "asynchronous"))
      << copy.syscall.toStdString();
  EXPECT_EQ(copy.pictogram, QStringLiteral(":/assets/courier.svg"));
  EXPECT_TRUE(has(copy.phaseText, "asynchronous")) << copy.phaseText.toStdString();

  const EventExplanation completion = EventExplainer::explain(doc, 3);
  EXPECT_EQ(completion.phase, Phase::KernelCopy);
  EXPECT_TRUE(has(completion.syscall, "already received and copied"))
      << completion.syscall.toStdString();
}

TEST(EventExplainer, AnEpollNotificationRingsTheBellForTheReadyListOnly) {
  TraceDocument doc;
  TraceEvent scan = ev(2'100, EventKind::Scan, Sys::epoll_wait, 3, -1);
  scan.aux = 3;
  TraceEvent notify = ev(2'200, EventKind::Notify, Sys::epoll_wait, 3, -1);
  notify.aux = 3;
  doc.append({ev(1'000, EventKind::SyscallBegin, Sys::epoll_wait, 0, 4),
              ev(2'000, EventKind::SyscallEnd, Sys::epoll_wait, 3, 4), scan, notify});
  const EventExplanation x = EventExplainer::explain(doc, 3);
  EXPECT_EQ(x.title, QStringLiteral("epoll_wait → 3 ready"));
  EXPECT_TRUE(has(x.analogy, "shopkeeper rings: 3 orders ready")) << x.analogy.toStdString();
  EXPECT_TRUE(has(x.syscall, "epoll copied only the ready list")) << x.syscall.toStdString();
  EXPECT_EQ(x.pictogram, QStringLiteral(":/assets/bell.svg"));
  EXPECT_EQ(detail(x, QStringLiteral("Descriptors examined")), QStringLiteral("3"));

  const EventExplanation call = EventExplainer::explain(doc, 1);
  EXPECT_EQ(call.title, QStringLiteral("epoll_wait(fd 4) = 3"));
  EXPECT_EQ(call.phase, Phase::WaitForData);
  EXPECT_EQ(detail(call, QStringLiteral("Duration")), QStringLiteral("1 µs"));
  EXPECT_TRUE(has(call.syscall, "only the ready list"));
}

TEST(EventExplainer, SelectScansEveryDescriptorUpToNfds) {
  TraceDocument doc;
  TraceEvent scan = ev(2'100, EventKind::Scan, Sys::select, 2, -1);
  scan.aux = 100;
  doc.append({ev(1'000, EventKind::SyscallBegin, Sys::select, 0, 101),
              ev(2'000, EventKind::SyscallEnd, Sys::select, 2, 101), scan});
  const EventExplanation x = EventExplainer::explain(doc, 1);
  EXPECT_TRUE(has(x.syscall, "scanned every descriptor up to nfds (100 here)"))
      << x.syscall.toStdString();
  const EventExplanation s = EventExplainer::explain(doc, 2);
  EXPECT_TRUE(has(s.syscall, "examine 100 descriptors to find 2 ready")) << s.syscall.toStdString();
}

TEST(EventExplainer, ASignalIsAPhoneCallNamingTheDescriptor) {
  TraceDocument doc;
  TraceEvent sig = ev(100, EventKind::Notify, Sys::none, 1, -1);
  sig.aux = 9;
  TraceEvent overflow = sig;
  overflow.t_ns = 200;
  overflow.flags = flag::kOverflow;
  doc.append({sig, overflow});
  const EventExplanation x = EventExplainer::explain(doc, 0);
  EXPECT_EQ(x.pictogram, QStringLiteral(":/assets/phone.svg"));
  EXPECT_TRUE(has(x.analogy, "phones") && has(x.syscall, "fd 9") && has(x.syscall, "recvmsg()"))
      << x.syscall.toStdString();
  EXPECT_TRUE(has(EventExplainer::explain(doc, 1).syscall, "SIGIO"));
}

TEST(EventExplainer, ClientsWorkAndFailuresAreExplained) {
  TraceDocument doc;
  TraceEvent send = ev(1'500, EventKind::ClientSend, Sys::none, 1'000, 11);
  send.lane = Lane::Factory;
  send.track = 2;
  send.aux = 4;
  TraceEvent recv = ev(9'000, EventKind::ClientRecv, Sys::none, 8'000, 11);
  recv.lane = Lane::Factory;
  recv.track = 2;
  recv.aux = 4;
  TraceEvent work = ev(3'000, EventKind::Work, Sys::none, 12, -1);
  work.aux = 2'000;
  doc.append({send, recv, work, endWithErrno(4'000, Sys::recvmsg, ECONNRESET)});
  EXPECT_EQ(EventExplainer::explain(doc, 0).title, QStringLiteral("Client 2 sends message 4"));
  EXPECT_EQ(detail(EventExplainer::explain(doc, 0), QStringLiteral("Sent late by")),
            QStringLiteral("500 ns"));
  EXPECT_EQ(detail(EventExplainer::explain(doc, 1), QStringLiteral("Latency")),
            QStringLiteral("8 µs"));
  EXPECT_EQ(EventExplainer::explain(doc, 2).phase, Phase::None);
  const EventExplanation reset = EventExplainer::explain(doc, 3);
  EXPECT_TRUE(has(reset.title, "ECONNRESET"));
  EXPECT_TRUE(has(reset.syscall, "ECONNRESET") && has(reset.syscall, "reset the connection"))
      << reset.syscall.toStdString();
  EXPECT_FALSE(EventExplainer::explain(doc, 99).valid);
}

TEST(EventText, ErrnoNames) {
  EXPECT_EQ(text::errnoName(EAGAIN), QStringLiteral("EAGAIN"));
  EXPECT_EQ(text::errnoName(EWOULDBLOCK), QStringLiteral("EAGAIN"));
  EXPECT_EQ(text::errnoName(ECONNRESET), QStringLiteral("ECONNRESET"));
  EXPECT_EQ(text::errnoName(EPIPE), QStringLiteral("EPIPE"));
  EXPECT_EQ(text::errnoName(EINTR), QStringLiteral("EINTR"));
  EXPECT_EQ(text::errnoName(4242), QStringLiteral("errno 4242"));
}

TEST(InspectorWidget, ShowsTheExplanationAndClears) {
  TraceDocument doc;
  doc.append(
      {ev(1000, EventKind::SyscallBegin, Sys::recvmsg), endWithErrno(1800, Sys::recvmsg, EAGAIN)});
  InspectorWidget inspector;
  inspector.setDocument(&doc);
  inspector.resize(500, 600);
  inspector.show();
  EXPECT_EQ(inspector.currentEvent(), InspectorWidget::kNone);
  const quint32 index = 1;
  inspector.showEvent(index);
  EXPECT_EQ(inspector.currentEvent(), 1u);
  EXPECT_EQ(inspector.titleText(), QStringLiteral("recvmsg(fd 7) = -1 EAGAIN"));
  EXPECT_TRUE(inspector.bodyText().contains(QStringLiteral("wasted call")));
  EXPECT_TRUE(inspector.bodyText().contains(QStringLiteral("In syscall terms")));
  EXPECT_TRUE(inspector.bodyText().contains(QStringLiteral("Phase 1")));

  // A new run clears the document: a refresh forgets the event instead of reading past the end.
  doc.clear();
  inspector.refresh();
  EXPECT_EQ(inspector.currentEvent(), InspectorWidget::kNone);
  EXPECT_EQ(inspector.titleText(), QStringLiteral("No event selected"));
}

TEST(InspectorWidget, AnOpenCallUpdatesWhenItReturns) {
  TraceDocument doc;
  doc.append({ev(1000, EventKind::SyscallBegin, Sys::epoll_wait, 0, 3)});
  InspectorWidget inspector;
  inspector.setDocument(&doc);
  const quint32 index = 0;
  inspector.showEvent(index);
  EXPECT_TRUE(inspector.titleText().contains(QStringLiteral("still in the call")));
  doc.append({ev(3000, EventKind::SyscallEnd, Sys::epoll_wait, 2, 3)});
  inspector.refresh();
  EXPECT_EQ(inspector.titleText(), QStringLiteral("epoll_wait(fd 3) = 2"));
}

// --- Assets ---------------------------------------------------------------------------------

const std::filesystem::path kAssets =
    std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "assets";

const char* const kPictograms[] = {"buyer.svg", "shopkeeper.svg", "factory.svg", "knife.svg",
                                   "phone.svg", "bell.svg",       "courier.svg", "ioscope.svg"};

QString assetPath(const char* name) {
  return QString::fromStdString((kAssets / name).string());
}

TEST(Assets, EverySvgIsValidAndDrawnOnA64PixelGrid) {
  for (const char* name : kPictograms) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(QFile::exists(assetPath(name)));
    QSvgRenderer svg(assetPath(name));
    ASSERT_TRUE(svg.isValid());
    EXPECT_EQ(svg.viewBoxF(), QRectF(0, 0, 64, 64));
  }
}

TEST(Assets, EveryPictogramIsBuiltIntoTheResources) {
  for (const char* name : kPictograms) {
    SCOPED_TRACE(name);
    QSvgRenderer svg(QStringLiteral(":/assets/") + QLatin1String(name));
    EXPECT_TRUE(svg.isValid());
  }
}

TEST(Assets, TheResourceFileListsEveryPictogramAndTheExplainerUsesOnlyThose) {
  QFile qrc(assetPath("assets.qrc"));
  ASSERT_TRUE(qrc.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(qrc.readAll());
  EXPECT_TRUE(text.contains(QStringLiteral("prefix=\"/assets\"")));
  for (const char* name : kPictograms)
    EXPECT_TRUE(text.contains(QStringLiteral("<file>%1</file>").arg(QLatin1String(name)))) << name;
  // Every pictogram the explainer names exists.
  TraceDocument doc;
  std::vector<TraceEvent> v;
  appendReceive(v, 0, 10, 20, 64);
  v.push_back(ev(30, EventKind::Notify, Sys::epoll_wait, 1, -1));
  v.push_back(ev(40, EventKind::Notify, Sys::none, 1, -1));
  v.push_back(ev(50, EventKind::Notify, Sys::io_uring_enter, 1, -1));
  doc.append(v);
  for (quint32 i = 0; i < doc.size(); ++i) {
    const QString pic = EventExplainer::explain(doc, i).pictogram;
    ASSERT_TRUE(pic.startsWith(QStringLiteral(":/assets/"))) << pic.toStdString();
    EXPECT_TRUE(QFile::exists(assetPath(pic.mid(9).toUtf8().constData()))) << pic.toStdString();
  }
}

// The one the package installs (the package check lints it as packaged).
TEST(Assets, TheDesktopFileNamesTheAppItsIconAndOpensRecordings) {
  QFile desktop(QString::fromStdString(
      (kAssets.parent_path() / "packaging" / "io.github.ioscope.desktop").string()));
  ASSERT_TRUE(desktop.open(QIODevice::ReadOnly)) << desktop.fileName().toStdString();
  const QStringList lines = QString::fromUtf8(desktop.readAll()).split(QLatin1Char('\n'));
  for (const char* line : {"[Desktop Entry]", "Type=Application", "Name=ioscope", "Exec=ioscope %f",
                           "Icon=io.github.ioscope", "MimeType=application/x-ioscope-recording;"})
    EXPECT_TRUE(lines.contains(QLatin1String(line))) << line;
}

}  // namespace
}  // namespace ioscope::ui
