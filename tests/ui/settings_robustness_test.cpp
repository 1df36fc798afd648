// A settings file spoiled by hand, by a crash mid-write or by another version: the window still
// opens with a scenario it can run, and runs it. (QSettings keeps the file; restoreState() must
// take nothing from it on trust.)
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>

#include "bridge/run_controller.hpp"
#include "lab/scenario.hpp"
#include "lessons/lesson_pane.hpp"
#include "models/model.hpp"
#include "window/main_window.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

// Restores w from whatever the settings hold, shows it, and runs its scenario to the end.
void restores_and_runs(MainWindow& w) {
  w.restoreState();
  w.show();
  QCoreApplication::processEvents();
  const Scenario s = w.scenarioPanel()->scenario();
  const auto bad = validate(s);
  EXPECT_FALSE(bad) << (bad ? bad->message : "");
  EXPECT_NE(find_model(s.model), nullptr) << s.model;
  EXPECT_LE(w.width(), 7680);
  EXPECT_LE(w.height(), 4320);
  const QString lesson = w.lessonPane()->currentId();
  EXPECT_TRUE(lesson.isEmpty() || w.lessonPane()->hasLesson(lesson)) << lesson.toStdString();
  if (w.presenterMode()) w.setPresenterMode(false);
  QSignalSpy done(w.controller(), &RunController::finished);
  ASSERT_TRUE(w.startRun()) << w.controller()->error().toStdString();
  ASSERT_TRUE(done.wait(60'000));
}

TEST(SettingsRobustness, ValuesOfTheWrongKindOrOutOfRangeAreNotTakenOnTrust) {
  {
    QSettings settings;
    settings.clear();
    settings.setValue(QStringLiteral("window/geometry"), QByteArray("\x01\x02garbage", 9));
    settings.setValue(QStringLiteral("window/state"), QByteArray(4096, '\xff'));
    settings.setValue(QStringLiteral("scenario/model"), QStringLiteral("nosuch"));
    settings.setValue(QStringLiteral("scenario/clients"), -5);
    settings.setValue(QStringLiteral("scenario/messages"), QStringLiteral("999999999999999"));
    settings.setValue(QStringLiteral("scenario/size"), QStringLiteral("abc"));
    settings.setValue(QStringLiteral("scenario/interval_ns"), -1);
    settings.setValue(QStringLiteral("scenario/bugs"), QStringLiteral("frobnicate,,high-fd"));
    settings.setValue(QStringLiteral("view/analogy"), QStringLiteral("maybe"));
    settings.setValue(QStringLiteral("lessons/current"), QStringLiteral("99-nosuch"));
    settings.setValue(QStringLiteral("lessons/folder"), QStringLiteral("/nonexistent/lessons"));
  }
  MainWindow w;
  restores_and_runs(w);
  QSettings().clear();
}

TEST(SettingsRobustness, AFileThatIsNotASettingsFileAtAll) {
  const QString path = QSettings().fileName();
  {
    // Run alone (as ctest runs each test), nothing has made the settings folder yet.
    ASSERT_TRUE(QDir().mkpath(QFileInfo(path).absolutePath())) << path.toStdString();
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate)) << path.toStdString();
    f.write(
        QByteArray("\x00\xff[[[scenario\n=\n\xfe model=\x01\n[window]\ngeometry=@ByteArray(", 52));
    f.write(QByteArray(3000, '\x9c'));
  }
  MainWindow w;
  restores_and_runs(w);
  QSettings().clear();
}

}  // namespace
}  // namespace ioscope::ui
