#include "lessons/lesson_parser.hpp"

#include <QCoreApplication>
#include <QList>
#include <QRegularExpression>
#include <QStringDecoder>

#include <map>
#include <optional>
#include <string>

#include "lab/scenario.hpp"
#include "lessons/lesson_checks.hpp"
#include "models/model.hpp"

namespace ioscope::ui {

namespace {

// Gives lupdate and QCoreApplication::translate the same context for this file's strings.
struct LessonParserText {
  Q_DECLARE_TR_FUNCTIONS(LessonParserText)
};

struct Line {
  int number = 0;  // 1-based
  QString text;
};

// Splits into lines, or names the first line that is not valid UTF-8.
std::variant<QList<Line>, int> decode_lines(const QByteArray& bytes) {
  QList<Line> lines;
  const QList<QByteArray> raw = bytes.split('\n');
  int number = 0;
  for (const QByteArray& r : raw) {
    ++number;
    QStringDecoder decode(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decode(r);
    if (decode.hasError()) return number;
    if (text.endsWith(QLatin1Char('\r'))) text.chop(1);
    if (number == 1 && text.startsWith(QChar(0xFEFF))) text.remove(0, 1);
    lines.push_back({number, text});
  }
  return lines;
}

LessonError error_at(const QString& file, int line, const QString& message) {
  return LessonError{file, line, message};
}

// "key: value" -> (key, value); nullopt if there is no colon.
std::optional<std::pair<QString, QString>> key_value(const QString& text) {
  const qsizetype colon = text.indexOf(QLatin1Char(':'));
  if (colon <= 0) return std::nullopt;
  return std::pair{text.left(colon).trimmed(), text.mid(colon + 1).trimmed()};
}

std::optional<LessonView> view_from(const QString& text) {
  if (text == QLatin1String("timeline")) return LessonView::Timeline;
  if (text == QLatin1String("race")) return LessonView::Race;
  if (text == QLatin1String("scan")) return LessonView::Scan;
  if (text == QLatin1String("register")) return LessonView::Register;
  if (text == QLatin1String("latency")) return LessonView::Latency;
  return std::nullopt;
}

struct Block {
  int open_line = 0;
  QList<Line> lines;
};

std::optional<LessonError> parse_scenario(const Block& block, const QString& file,
                                          LessonScenario& out) {
  std::map<QString, int> seen;  // key -> line
  for (const Line& l : block.lines) {
    const QString t = l.text.trimmed();
    if (t.isEmpty() || t.startsWith(QLatin1Char('#'))) continue;
    const auto kv = key_value(t);
    if (!kv)
      return error_at(
          file, l.number,
          LessonParserText::tr("bad scenario block: expected 'key: value', found '%1'").arg(t));
    const auto& [key, value] = *kv;
    if (seen.count(key) != 0)
      return error_at(file, l.number,
                      LessonParserText::tr("bad scenario block: '%1' is given twice").arg(key));
    seen[key] = l.number;
    bool ok = false;
    if (key == QLatin1String("models") || key == QLatin1String("model")) {
      out.models.clear();
      for (const QString& part : value.split(QLatin1Char(','))) {
        const QString id = part.trimmed();
        if (id.isEmpty()) continue;
        if (find_model(id.toStdString()) == nullptr)
          return error_at(file, l.number,
                          LessonParserText::tr("unknown model '%1' (known: %2)")
                              .arg(id, QString::fromStdString(model_ids_joined())));
        out.models.push_back(id);
      }
      if (out.models.isEmpty())
        return error_at(file, l.number, LessonParserText::tr("bad scenario block: no model named"));
    } else if (key == QLatin1String("clients")) {
      out.clients = value.toInt(&ok);
      if (!ok || out.clients < 1)
        return error_at(file, l.number,
                        LessonParserText::tr(
                            "bad scenario block: clients must be a whole number of at least 1"));
    } else if (key == QLatin1String("messages")) {
      out.messages = value.toInt(&ok);
      if (!ok || out.messages < 1)
        return error_at(file, l.number,
                        LessonParserText::tr(
                            "bad scenario block: messages must be a whole number of at least 1"));
    } else if (key == QLatin1String("size")) {
      const qulonglong size = value.toULongLong(&ok);
      if (!ok || size < 1)
        return error_at(
            file, l.number,
            LessonParserText::tr("bad scenario block: size must be a number of bytes, at least 1"));
      out.size = static_cast<std::size_t>(size);
    } else if (key == QLatin1String("interval")) {
      const auto ns = parse_duration(value.toStdString());
      if (!ns.ok())
        return error_at(file, l.number,
                        LessonParserText::tr("bad scenario block: %1")
                            .arg(QString::fromStdString(ns.error().message)));
      out.interval_ns = ns.value();
    } else if (key == QLatin1String("view")) {
      const auto view = view_from(value);
      if (!view)
        return error_at(
            file, l.number,
            LessonParserText::tr(
                "bad scenario block: unknown view '%1' (timeline, race, scan, latency or register)")
                .arg(value));
      out.view = *view;
    } else if (key == QLatin1String("bugs") || key == QLatin1String("toggles")) {
      const auto bugs = parse_bugs(value.toStdString());
      if (!bugs.ok())
        return error_at(file, l.number,
                        LessonParserText::tr("bad scenario block: %1")
                            .arg(QString::fromStdString(bugs.error().message)));
      (key == QLatin1String("bugs") ? out.bugs : out.toggles) = bugs.value();
    } else if (key == QLatin1String("fds")) {
      out.fds.clear();
      for (const QString& part : value.split(QLatin1Char(','))) {
        const int n = part.trimmed().toInt(&ok);
        if (!ok || n < 1 || n > 1'000'000)
          return error_at(
              file, l.number,
              LessonParserText::tr("bad scenario block: fds must be descriptor counts from 1 to "
                                   "1000000, separated by commas, not '%1'")
                  .arg(part.trimmed()));
        out.fds.push_back(n);
      }
    } else if (key == QLatin1String("figure")) {
      if (value != QLatin1String("yes") && value != QLatin1String("no"))
        return error_at(
            file, l.number,
            LessonParserText::tr("bad scenario block: figure is yes or no, not '%1'").arg(value));
      out.figure = value == QLatin1String("yes");
    } else {
      return error_at(file, l.number,
                      LessonParserText::tr("bad scenario block: unknown key '%1'").arg(key));
    }
  }
  for (const char* required : {"models", "clients", "messages", "size", "interval", "view"}) {
    const QString key = QString::fromLatin1(required);
    if (seen.count(key) == 0 &&
        !(key == QLatin1String("models") && seen.count(QStringLiteral("model"))))
      return error_at(file, block.open_line,
                      LessonParserText::tr("bad scenario block: '%1' is missing").arg(key));
  }
  for (const QString& id : out.models) {
    Scenario s;
    s.model = id.toStdString();
    s.clients = out.clients;
    s.messages = out.messages;
    s.size = out.size;
    s.interval_ns = out.interval_ns;
    // Every offered toggle must make sense with the lesson's models too.
    s.bugs.et_no_drain = out.bugs.et_no_drain || out.toggles.et_no_drain;
    s.bugs.high_fd = out.bugs.high_fd || out.toggles.high_fd;
    s.bugs.thundering_herd = out.bugs.thundering_herd || out.toggles.thundering_herd;
    s.bugs.tiny_rcvbuf = out.bugs.tiny_rcvbuf || out.toggles.tiny_rcvbuf;
    if (const auto e = validate(s))
      return error_at(
          file, block.open_line,
          LessonParserText::tr("bad scenario block: %1").arg(QString::fromStdString(e->message)));
  }
  return std::nullopt;
}

// ```notes: "step: text" starts a step's note (idea, predict, run, verdict, figure); other lines
// go on with the note above them.
std::optional<LessonError> parse_notes(const Block& block, const QString& file, Lesson& lesson) {
  static const char* const kSteps[kPresenterStepCount] = {"idea", "predict", "run", "verdict",
                                                          "figure"};
  int current = -1;
  for (const Line& l : block.lines) {
    const QString t = l.text.trimmed();
    if (t.isEmpty()) continue;
    const qsizetype colon = t.indexOf(QLatin1Char(':'));
    int step = -1;
    for (int k = 0; k < kPresenterStepCount && colon > 0; ++k)
      if (t.left(colon).trimmed() == QLatin1String(kSteps[k])) step = k;
    if (step < 0) {
      if (current < 0)
        return error_at(file, l.number,
                        LessonParserText::tr("bad notes block: say which step a note is for "
                                             "(idea, predict, run, verdict or figure): '%1'")
                            .arg(t));
      auto& note = lesson.notes[static_cast<std::size_t>(current)];
      note = (note + QLatin1Char(' ') + t).trimmed();
      continue;
    }
    auto& note = lesson.notes[static_cast<std::size_t>(step)];
    if (!note.isEmpty())
      return error_at(file, l.number,
                      LessonParserText::tr("bad notes block: a second note for '%1'")
                          .arg(QLatin1String(kSteps[step])));
    if (static_cast<PresenterStep>(step) == PresenterStep::Figure && !lesson.scenario.figure)
      return error_at(file, l.number,
                      LessonParserText::tr("bad notes block: a note for the figure, but the "
                                           "scenario has no 'figure: yes'"));
    note = t.mid(colon + 1).trimmed();
    current = step;
  }
  return std::nullopt;
}

// The experiments: each named scenario once, checks only for a named scenario, and a link in
// the text that starts it (an experiment nobody can start would be a claim nobody can check).
std::optional<LessonError> parse_experiments(const QList<std::pair<QString, Block>>& scenarios,
                                             const QList<std::pair<QString, Block>>& checks,
                                             const QString& file, Lesson& lesson) {
  for (const auto& [name, block] : scenarios) {
    if (lesson.experiment(name))
      return error_at(
          file, block.open_line,
          LessonParserText::tr("bad scenario block: a second experiment named '%1'").arg(name));
    LessonExperiment x;
    x.name = name;
    x.line = block.open_line;
    if (auto e = parse_scenario(block, file, x.scenario)) return e;
    if (!lesson.markdown.contains(QStringLiteral("(#run-%1)").arg(name)))
      return error_at(file, block.open_line,
                      LessonParserText::tr("experiment '%1': the text has no link '(#run-%1)' "
                                           "to start it")
                          .arg(name));
    lesson.experiments.push_back(x);
  }
  for (const auto& [name, block] : checks) {
    LessonExperiment* x = nullptr;
    for (LessonExperiment& e : lesson.experiments)
      if (e.name == name) x = &e;
    if (!x)
      return error_at(file, block.open_line,
                      LessonParserText::tr("bad checks block: no experiment named '%1' (a "
                                           "'```scenario %1' block)")
                          .arg(name));
    for (const Line& l : block.lines) {
      const QString t = l.text.trimmed();
      if (t.isEmpty() || t.startsWith(QLatin1Char('#'))) continue;
      LessonCheck check;
      if (auto e = parse_check(t, l.number, check)) return error_at(file, l.number, *e);
      if (auto e = validate_check(check, x->scenario)) return error_at(file, l.number, *e);
      x->checks.push_back(check);
    }
  }
  for (const LessonExperiment& x : lesson.experiments)
    if (x.checks.isEmpty())
      return error_at(file, x.line,
                      LessonParserText::tr("experiment '%1' checks nothing: add a '```checks %1' "
                                           "block with the claims its run shows")
                          .arg(x.name));
  return std::nullopt;
}

std::optional<LessonError> parse_predict(const Block& block, const QString& file,
                                         LessonPredict& out) {
  std::optional<std::pair<QString, int>> answer;  // letter, line
  for (const Line& l : block.lines) {
    const QString t = l.text.trimmed();
    if (t.isEmpty()) continue;
    const auto kv = key_value(t);
    if (!kv)
      return error_at(
          file, l.number,
          LessonParserText::tr("bad predict block: expected 'key: value', found '%1'").arg(t));
    const auto& [key, value] = *kv;
    if (key == QLatin1String("question")) {
      if (!out.question.isEmpty())
        return error_at(file, l.number,
                        LessonParserText::tr("bad predict block: a second question"));
      out.question = value;
    } else if (key == QLatin1String("answer")) {
      if (answer)
        return error_at(file, l.number, LessonParserText::tr("bad predict block: a second answer"));
      answer = std::pair{value, l.number};
    } else if (key.size() == 1 && key[0] >= QLatin1Char('A') && key[0] <= QLatin1Char('D')) {
      const int index = key[0].unicode() - 'A';
      if (index != out.choices.size())
        return error_at(file, l.number,
                        LessonParserText::tr(
                            "bad predict block: choice %1 is out of order (choices go A, B, C, D)")
                            .arg(key));
      if (value.isEmpty())
        return error_at(file, l.number,
                        LessonParserText::tr("bad predict block: choice %1 is empty").arg(key));
      out.choices.push_back(value);
    } else {
      return error_at(file, l.number,
                      LessonParserText::tr("bad predict block: unknown key '%1'").arg(key));
    }
  }
  if (out.question.isEmpty())
    return error_at(file, block.open_line, LessonParserText::tr("bad predict block: no question"));
  if (out.choices.size() < 2)
    return error_at(file, block.open_line,
                    LessonParserText::tr("bad predict block: fewer than 2 choices"));
  if (!answer)
    return error_at(file, block.open_line,
                    LessonParserText::tr("missing answer in the predict block"));
  const QString& letter = answer->first;
  const int index = letter.size() == 1 ? letter[0].unicode() - 'A' : -1;
  if (index < 0 || index >= out.choices.size())
    return error_at(file, answer->second,
                    LessonParserText::tr("the answer '%1' is not among the choices (A to %2)")
                        .arg(letter, QChar(static_cast<char16_t>(u'A' + out.choices.size() - 1))));
  out.answer = index;
  return std::nullopt;
}

}  // namespace

QString LessonError::text() const {
  return line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message)
                  : QStringLiteral("%1: %2").arg(file, message);
}

QString to_string(LessonView view) {
  switch (view) {
    case LessonView::Timeline:
      return QStringLiteral("timeline");
    case LessonView::Race:
      return QStringLiteral("race");
    case LessonView::Scan:
      return QStringLiteral("scan");
    case LessonView::Latency:
      return QStringLiteral("latency");
    case LessonView::Register:
      return QStringLiteral("register");
  }
  return {};
}

bool split_lesson_file_name(const QString& file_name, QString* id, QString* language) {
  static const QRegularExpression shape(
      QStringLiteral("^([0-9]{2}-[a-z0-9-]+)\\.([a-z]{2}(?:_[A-Z]{2})?)\\.md$"));
  const auto m = shape.match(file_name);
  if (!m.hasMatch()) return false;
  if (id) *id = m.captured(1);
  if (language) *language = m.captured(2);
  return true;
}

LessonResult parse_lesson(const QByteArray& bytes, const QString& file_name,
                          const QString& source) {
  Lesson lesson;
  lesson.source = source.isEmpty() ? file_name : source;
  if (!split_lesson_file_name(file_name, &lesson.id, &lesson.language))
    return error_at(file_name, 0,
                    LessonParserText::tr("the file name must look like '01-two-phases.en.md' "
                                         "(number, id, language, .md)"));
  auto decoded = decode_lines(bytes);
  if (std::holds_alternative<int>(decoded))
    return error_at(file_name, std::get<int>(decoded),
                    LessonParserText::tr("broken UTF-8 on this line"));
  const QList<Line>& lines = std::get<QList<Line>>(decoded);

  std::optional<Block> scenario, predict, notes;
  QList<Block> checks;
  // "```scenario NAME" and "```checks NAME": an experiment's run and the claims checked on it.
  QList<std::pair<QString, Block>> named_scenarios, named_checks;
  static const QRegularExpression named_block(
      QStringLiteral("^(scenario|checks)\\s+([a-z0-9-]+)$"));
  QStringList body;
  for (qsizetype i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    const QString t = l.text.trimmed();
    if (lesson.title.isEmpty() && t.startsWith(QLatin1String("# ")))
      lesson.title = t.mid(2).trimmed();
    if (!t.startsWith(QLatin1String("```"))) {
      body.push_back(l.text);
      continue;
    }
    const QString info = t.mid(3).trimmed();
    // Find the closing fence.
    qsizetype close = i + 1;
    while (close < lines.size() && !lines[close].text.trimmed().startsWith(QLatin1String("```")))
      ++close;
    const auto named = named_block.match(info);
    const bool ours = info == QLatin1String("scenario") || info == QLatin1String("predict") ||
                      info == QLatin1String("checks") || info == QLatin1String("notes") ||
                      named.hasMatch();
    if (close == lines.size()) {
      if (ours)
        return error_at(
            file_name, l.number,
            LessonParserText::tr("bad %1 block: it is never closed with ```").arg(info));
      return error_at(file_name, l.number,
                      LessonParserText::tr("a ``` block opened here is never closed"));
    }
    if (!ours) {
      for (qsizetype k = i; k <= close; ++k) body.push_back(lines[k].text);
      i = close;
      continue;
    }
    Block block{l.number, lines.mid(i + 1, close - i - 1)};
    if (named.hasMatch()) {
      auto& list = named.captured(1) == QLatin1String("scenario") ? named_scenarios : named_checks;
      list.push_back({named.captured(2), block});
      i = close;
      continue;
    }
    if (info == QLatin1String("checks")) {  // beside the text they back: as many as it needs
      checks.push_back(block);
      i = close;
      continue;
    }
    auto& slot = info == QLatin1String("scenario")  ? scenario
                 : info == QLatin1String("predict") ? predict
                                                    : notes;
    if (slot)
      return error_at(file_name, l.number,
                      LessonParserText::tr("bad %1 block: a second one (the first is on line %2)")
                          .arg(info)
                          .arg(slot->open_line));
    slot = block;
    i = close;
  }
  if (lesson.title.isEmpty())
    return error_at(file_name, 1,
                    LessonParserText::tr("no title: the lesson must have a '# ' heading"));
  if (!scenario)
    return error_at(file_name, 0, LessonParserText::tr("bad scenario block: there is none"));
  if (!predict)
    return error_at(file_name, 0,
                    LessonParserText::tr("missing answer: there is no predict block"));
  if (auto e = parse_scenario(*scenario, file_name, lesson.scenario)) return *e;
  if (auto e = parse_predict(*predict, file_name, lesson.predict)) return *e;
  for (const Block& block : checks) {
    for (const Line& l : block.lines) {
      const QString t = l.text.trimmed();
      if (t.isEmpty() || t.startsWith(QLatin1Char('#'))) continue;
      LessonCheck check;
      if (auto e = parse_check(t, l.number, check)) return error_at(file_name, l.number, *e);
      if (auto e = validate_check(check, lesson.scenario)) return error_at(file_name, l.number, *e);
      lesson.checks.push_back(check);
    }
  }
  if (notes)
    if (auto e = parse_notes(*notes, file_name, lesson)) return *e;
  lesson.markdown = body.join(QLatin1Char('\n'));
  if (auto e = parse_experiments(named_scenarios, named_checks, file_name, lesson)) return *e;
  return lesson;
}

}  // namespace ioscope::ui
