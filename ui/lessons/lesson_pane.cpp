#include "lessons/lesson_pane.hpp"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDesktopServices>
#include <QFontMetrics>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

#include "lessons/run_facts.hpp"

namespace ioscope::ui {

namespace {

QString key(const QString& id, const char* what) {
  return QStringLiteral("lessons/%1/%2").arg(id, QLatin1String(what));
}

bool bug_at(const Bugs& b, int i) {
  switch (i) {
    case 0:
      return b.et_no_drain;
    case 1:
      return b.high_fd;
    case 2:
      return b.thundering_herd;
    default:
      return b.tiny_rcvbuf;
  }
}

void set_bug(Bugs& b, int i, bool on) {
  switch (i) {
    case 0:
      b.et_no_drain = on;
      break;
    case 1:
      b.high_fd = on;
      break;
    case 2:
      b.thundering_herd = on;
      break;
    default:
      b.tiny_rcvbuf = on;
      break;
  }
}

QString letter(int i) {
  return QString(QChar(u'A' + i));
}

// A choice's text: wraps (a QRadioButton cannot), and a click on it picks the choice.
class ChoiceLabel : public QLabel {
 public:
  ChoiceLabel(const QString& text, QAbstractButton* button, QWidget* parent)
      : QLabel(text, parent), button_(button) {
    setWordWrap(true);
    setCursor(Qt::PointingHandCursor);
  }

 protected:
  void mousePressEvent(QMouseEvent*) override {
    if (button_->isEnabled()) button_->click();
  }

 private:
  QAbstractButton* button_;
};

}  // namespace

bool LessonProgress::wasRun(const QString& id) {
  return QSettings().value(key(id, "run"), false).toBool();
}
int LessonProgress::choice(const QString& id) {
  return QSettings().value(key(id, "choice"), -1).toInt();
}
bool LessonProgress::answeredRight(const QString& id) {
  return QSettings().value(key(id, "right"), false).toBool();
}
void LessonProgress::record(const QString& id, int choice, bool right) {
  QSettings s;
  s.setValue(key(id, "run"), true);
  s.setValue(key(id, "choice"), choice);
  s.setValue(key(id, "right"), right);
}
void LessonProgress::clear(const QString& id) {
  QSettings().remove(QStringLiteral("lessons/") + id);
}

LessonPane::LessonPane(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("lessonPane"));
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(6, 6, 6, 6);
  column->setSpacing(6);

  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("lessonList"));
  list_->setToolTip(tr("✓ run, prediction right · ● run · ○ not yet run"));
  list_->setMaximumHeight(list_->fontMetrics().height() * 5 + 12);
  list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  list_->setTextElideMode(Qt::ElideRight);
  column->addWidget(list_);
  errors_label_ = new QLabel(this);
  errors_label_->setObjectName(QStringLiteral("lessonErrors"));
  errors_label_->setWordWrap(true);
  errors_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  errors_label_->setStyleSheet(QStringLiteral("color: #b00020;"));
  errors_label_->hide();
  column->addWidget(errors_label_);

  split_ = new QSplitter(Qt::Vertical, this);
  split_->setChildrenCollapsible(false);
  text_ = new QTextBrowser(split_);
  text_->setObjectName(QStringLiteral("lessonText"));
  // Links are ours to follow: "#run-NAME" starts one of the lesson's experiments, other "#..."
  // anchors scroll the text, and web links open in the browser.
  text_->setOpenLinks(false);
  connect(text_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
    const QString fragment = url.fragment();
    if (url.scheme().isEmpty() && url.path().isEmpty()) {
      if (fragment.startsWith(QLatin1String("run-"))) {
        if (!running_) emit experimentRequested(fragment.mid(4));
      } else {
        text_->scrollToAnchor(fragment);
      }
      return;
    }
    QDesktopServices::openUrl(url);
  });
  split_->addWidget(text_);

  lower_scroll_ = new QScrollArea(split_);
  lower_scroll_->setWidgetResizable(true);
  lower_scroll_->setFrameShape(QFrame::NoFrame);
  lower_scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* lower = new QWidget(lower_scroll_);
  // As wide as the pane, never wider: the question, the choices and the verdict wrap.
  lower->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* lower_column = new QVBoxLayout(lower);
  lower_column->setContentsMargins(0, 0, 0, 0);
  predict_ = new QGroupBox(tr("Predict, then run to check"), lower);
  predict_->setObjectName(QStringLiteral("lessonPredict"));
  auto* predict_column = new QVBoxLayout(predict_);
  question_ = new QLabel(predict_);
  question_->setWordWrap(true);
  question_->setObjectName(QStringLiteral("lessonQuestion"));
  predict_column->addWidget(question_);
  choice_column_ = new QVBoxLayout();
  predict_column->addLayout(choice_column_);
  choices_ = new QButtonGroup(this);
  choices_->setExclusive(true);
  lower_column->addWidget(predict_);

  mistakes_ = new QGroupBox(tr("Mistakes to try"), lower);
  mistakes_->setObjectName(QStringLiteral("lessonMistakes"));
  auto* mistakes_column = new QVBoxLayout(mistakes_);
  const QString bug_texts[4] = {
      tr("Edge-triggered, but stop reading before EAGAIN (et-no-drain)"),
      tr("Descriptors numbered above 1023 (high-fd)"),
      tr("Several waiters on one listening socket (thundering-herd)"),
      tr("A tiny kernel receive buffer (tiny-rcvbuf)"),
  };
  for (int i = 0; i < 4; ++i) {
    bug_boxes_[i] = new QCheckBox(bug_texts[i], mistakes_);
    mistakes_column->addWidget(bug_boxes_[i]);
    connect(bug_boxes_[i], &QCheckBox::toggled, this, [this] {
      mistakesChanged();
      emit bugsChanged(bugs());
    });
  }
  lower_column->addWidget(mistakes_);

  verdict_ = new QLabel(lower);
  verdict_->setObjectName(QStringLiteral("lessonVerdict"));
  verdict_->setWordWrap(true);
  verdict_->setTextFormat(Qt::RichText);
  verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
  verdict_->hide();
  connect(verdict_, &QLabel::linkActivated, this, [this](const QString& link) {
    if (link == QLatin1String("#figure")) {
      emit figureRequested();
      return;
    }
    verdict_->hide();
    predict_->setVisible(!choices_->buttons().isEmpty());
  });
  lower_column->addWidget(verdict_);
  lower_column->addStretch(1);
  lower_scroll_->setWidget(lower);
  split_->addWidget(lower_scroll_);
  split_->setStretchFactor(0, 3);
  split_->setStretchFactor(1, 2);
  column->addWidget(split_, 1);

  auto* buttons = new QHBoxLayout();
  previous_ = new QPushButton(tr("◀ Previous"), this);
  previous_->setObjectName(QStringLiteral("lessonPrevious"));
  run_ = new QPushButton(tr("Run the lesson"), this);
  run_->setObjectName(QStringLiteral("lessonRun"));
  next_ = new QPushButton(tr("Next ▶"), this);
  next_->setObjectName(QStringLiteral("lessonNext"));
  buttons->addWidget(previous_);
  buttons->addWidget(run_, 1);
  buttons->addWidget(next_);
  column->addLayout(buttons);

  connect(previous_, &QPushButton::clicked, this, &LessonPane::previous);
  connect(next_, &QPushButton::clicked, this, &LessonPane::next);
  connect(run_, &QPushButton::clicked, this, &LessonPane::runRequested);
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row < library_.lessons().size()) openLesson(library_.lessons()[row].id);
  });
  connect(choices_, &QButtonGroup::idClicked, this, [this] { updateButtons(); });

  loadShipped();
  applyLook();
}

void LessonPane::loadShipped() {
  library_.load_shipped();
  refreshList();
}

int LessonPane::loadFolder(const QString& folder) {
  const qsizetype before = library_.errors().size();
  const int loaded = library_.load_folder(folder);
  errors_.clear();
  for (qsizetype i = before; i < library_.errors().size(); ++i)
    errors_ << library_.errors()[i].text();
  if (errors_.isEmpty()) {
    errors_label_->hide();
  } else {
    errors_label_->setText(
        tr("%n lesson file(s) could not be loaded:", nullptr, static_cast<int>(errors_.size())) +
        QStringLiteral("\n") + errors_.join(QLatin1Char('\n')));
    errors_label_->setVisible(!presenter_);
  }
  refreshList();
  if (!current_.isEmpty()) showLesson();
  return loaded;
}

void LessonPane::setLanguage(const QString& lang) {
  if (lang == language_) return;
  language_ = lang;
  refreshList();
  if (!current_.isEmpty()) showLesson();
}

QStringList LessonPane::lessonIds() const {
  QStringList ids;
  for (const LessonEntry& e : library_.lessons()) ids << e.id;
  return ids;
}

bool LessonPane::hasLesson(const QString& id) const {
  return lessonIds().contains(id);
}

const Lesson* LessonPane::currentLesson() const {
  return current_.isEmpty() ? nullptr : library_.find(current_, language_);
}

bool LessonPane::openLesson(const QString& id) {
  if (!hasLesson(id)) return false;
  const bool same = id == current_;
  current_ = id;
  {
    const QSignalBlocker block(list_);
    list_->setCurrentRow(static_cast<int>(lessonIds().indexOf(id)));
  }
  showLesson();
  // The lesson's own mistakes on, the ones it only offers off (a reopen keeps the learner's).
  if (!same) syncBugs(currentLesson()->scenario.bugs);
  emit lessonOpened(id);
  return true;
}

bool LessonPane::next() {
  const QStringList ids = lessonIds();
  const qsizetype i = ids.indexOf(current_);
  if (i + 1 >= ids.size()) return false;
  return openLesson(ids[i + 1]);
}

bool LessonPane::previous() {
  const QStringList ids = lessonIds();
  const qsizetype i = ids.indexOf(current_);
  if (i <= 0) return false;
  return openLesson(ids[i - 1]);
}

int LessonPane::choice() const {
  return choices_->checkedId();
}

void LessonPane::setChoice(int index) {
  if (QAbstractButton* b = choices_->button(index)) b->setChecked(true);
  updateButtons();
}

QAbstractButton* LessonPane::choiceButton(int i) const {
  return choices_->button(i);
}

Bugs LessonPane::offeredBugs() const {
  Bugs offered;
  if (const Lesson* l = currentLesson()) {
    for (int i = 0; i < 4; ++i)
      set_bug(offered, i, bug_at(l->scenario.bugs, i) || bug_at(l->scenario.toggles, i));
  }
  return offered;
}

Bugs LessonPane::bugs() const {
  Bugs b;
  const Bugs offered = offeredBugs();
  for (int i = 0; i < 4; ++i) set_bug(b, i, bug_at(offered, i) && bug_boxes_[i]->isChecked());
  return b;
}

void LessonPane::syncBugs(const Bugs& b) {
  const Bugs before = bugs();
  for (int i = 0; i < 4; ++i) {
    const QSignalBlocker block(bug_boxes_[i]);
    bug_boxes_[i]->setChecked(bug_at(b, i));
  }
  const Bugs after = bugs();
  for (int i = 0; i < 4; ++i)
    if (bug_at(before, i) != bug_at(after, i)) {
      mistakesChanged();
      break;
    }
}

void LessonPane::mistakesChanged() {
  if (verdict_->isHidden() || running_) return;
  verdict_->setText(QStringLiteral("<p><i>%1</i></p>")
                        .arg(tr("You changed the mistakes after this run: its verdict no longer "
                                "describes what they do. Run the lesson again to see.")
                                 .toHtmlEscaped()));
}

void LessonPane::setRunning(bool running) {
  running_ = running;
  if (running) verdict_->hide();
  updateButtons();
}

void LessonPane::refreshList() {
  const QSignalBlocker block(list_);
  list_->clear();
  for (const LessonEntry& e : library_.lessons()) {
    const Lesson* l = library_.find(e.id, language_);
    QString mark = QStringLiteral("○");
    QString tip = tr("Not run yet");
    if (LessonProgress::wasRun(e.id)) {
      const bool right = LessonProgress::answeredRight(e.id);
      mark = right ? QStringLiteral("✓") : QStringLiteral("●");
      tip = right ? tr("Run; your prediction was right") : tr("Run; try the prediction again");
    }
    auto* item = new QListWidgetItem(mark + QStringLiteral("  ") + (l ? l->title : e.id), list_);
    item->setData(Qt::UserRole, e.id);
    item->setToolTip((l ? l->title : e.id) + QStringLiteral("\n") + tip);
  }
  list_->setCurrentRow(static_cast<int>(lessonIds().indexOf(current_)));
}

void LessonPane::showLesson() {
  const Lesson* l = currentLesson();
  if (!l) return;
  setMarkdown(l->markdown);
  text_->verticalScrollBar()->setValue(0);
  question_->setText(l->predict.question);
  for (QAbstractButton* b : choices_->buttons()) choices_->removeButton(b);
  while (QLayoutItem* item = choice_column_->takeAt(0)) {
    if (QLayout* row = item->layout()) {
      while (QLayoutItem* inner = row->takeAt(0)) {
        delete inner->widget();
        delete inner;
      }
    }
    delete item;
  }
  for (int i = 0; i < l->predict.choices.size(); ++i) {
    auto* row = new QHBoxLayout();
    auto* b = new QRadioButton(letter(i), predict_);
    b->setObjectName(QStringLiteral("lessonChoice%1").arg(letter(i)));
    choices_->addButton(b, i);
    row->addWidget(b, 0, Qt::AlignTop);
    row->addWidget(new ChoiceLabel(l->predict.choices[i], b, predict_), 1);
    choice_column_->addLayout(row);
  }
  predict_->setVisible(!l->predict.choices.isEmpty());
  const Bugs offered = offeredBugs();
  bool any = false;
  for (int i = 0; i < 4; ++i) {
    bug_boxes_[i]->setVisible(bug_at(offered, i));
    any = any || bug_at(offered, i);
  }
  mistakes_->setVisible(any);
  verdict_->clear();
  verdict_->hide();
  applyLook();
  updateButtons();
}

void LessonPane::updateButtons() {
  const QStringList ids = lessonIds();
  const qsizetype i = ids.indexOf(current_);
  previous_->setEnabled(i > 0);
  next_->setEnabled(i >= 0 && i + 1 < ids.size());
  run_->setEnabled(!running_ && currentLesson() != nullptr);
  run_->setText(running_        ? tr("Running…")
                : choice() >= 0 ? tr("Run to check")
                                : tr("Run the lesson"));
  for (QAbstractButton* b : choices_->buttons()) b->setEnabled(!running_);
}

void LessonPane::showResult(const RunFacts* facts, const QStringList& extra,
                            const std::vector<CheckOutcome>& checks, const QString& differs,
                            const QString& experiment) {
  const Lesson* l = currentLesson();
  if (!l) return;
  const int picked = choice();
  const int answer = l->predict.answer;
  // An experiment answers a claim of the text, not the lesson's question.
  const bool has_question =
      experiment.isEmpty() && answer >= 0 && answer < l->predict.choices.size();
  QString html;
  if (!experiment.isEmpty())
    html += QStringLiteral("<p><b>") +
            tr("The experiment \u201c%1\u201d, run for real:").arg(experiment).toHtmlEscaped() +
            QStringLiteral("</b></p>");
  if (has_question) {
    const QString right_text =
        letter(answer) + QStringLiteral(". ") + l->predict.choices[answer].toHtmlEscaped();
    if (picked < 0) {
      html += QStringLiteral("<p><b>") + tr("You did not predict.") + QStringLiteral("</b> ") +
              tr("The answer: %1").arg(right_text) + QStringLiteral("</p>");
    } else if (picked == answer) {
      html += QStringLiteral("<p style=\"color:#00703c\"><b>") +
              tr("Your prediction, %1, was right.").arg(letter(picked)) +
              QStringLiteral("</b></p>");
    } else {
      html += QStringLiteral("<p style=\"color:#b00020\"><b>") +
              tr("Your prediction was %1; the run says %2.").arg(letter(picked), letter(answer)) +
              QStringLiteral("</b></p><p>") + right_text + QStringLiteral("</p>");
    }
  }
  if (!differs.isEmpty())
    html += QStringLiteral("<p><i>") + differs.toHtmlEscaped() + QStringLiteral("</i></p>");
  if (!checks.empty()) {
    // One line per claim and model: the claim, and the run's own number beside it.
    html += QStringLiteral("<p><b>") +
            (experiment.isEmpty() ? tr("The lesson's claims, checked on this run:")
                                  : tr("Its claims, checked on this run:")) +
            QStringLiteral("</b></p><ul>");
    QStringList models;
    for (const CheckOutcome& o : checks)
      if (!models.contains(o.model)) models << o.model;
    for (const CheckOutcome& o : checks) {
      const QString who = models.size() > 1 ? o.model + QStringLiteral(": ") : QString();
      const QString claim = (who + o.check.text).toHtmlEscaped();
      if (o.holds)
        html += QStringLiteral("<li>\u2713 ") + claim +
                QStringLiteral(" <i>(%1)</i></li>").arg(o.actual);
      else
        html += QStringLiteral("<li style=\"color:#b00020\">\u2717 ") + claim +
                QStringLiteral(" <i>") +
                tr("(not in this run: %1 %2 %3 does not hold, it is %4)")
                    .arg(o.check.fact, o.check.op)
                    .arg(o.expected)
                    .arg(o.actual)
                    .toHtmlEscaped() +
                QStringLiteral("</i></li>");
    }
    html += QStringLiteral("</ul>");
  }
  if (facts || !extra.isEmpty()) {
    html += QStringLiteral("<p><b>") + tr("What the run showed:") + QStringLiteral("</b></p><ul>");
    if (facts)
      for (const QString& line : facts->lines())
        html += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
    for (const QString& line : extra)
      if (!line.isEmpty())
        html += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
    html += QStringLiteral("</ul>");
  }
  if (experiment.isEmpty() && l->scenario.figure && l->scenario.view == LessonView::Race)
    html += QStringLiteral("<p><a href=\"#figure\">") +
            tr("See this race as Stevens' figure 6.6, measured") + QStringLiteral("</a></p>");
  if (has_question)
    html += QStringLiteral("<p><a href=\"#predict\">") + tr("Predict again") +
            QStringLiteral("</a></p>");
  verdict_->setText(html);
  verdict_->show();
  // The verdict takes the question's place: it names the pick and the answer (an experiment's
  // leaves the question for the lesson's own run).
  if (experiment.isEmpty()) predict_->hide();
  if (experiment.isEmpty() && records_progress_) {
    LessonProgress::record(current_, picked, has_question && picked == answer);
    refreshList();
  }
  // Bring the verdict into view, with room to read it.
  const int h = split_->height();
  if (h > 0) split_->setSizes({h / 2, h - h / 2});
  // Its first line (the pick) at the top, once the layout has placed it.
  QTimer::singleShot(0, this,
                     [this] { lower_scroll_->verticalScrollBar()->setValue(verdict_->y()); });
}

bool LessonPane::hasVerdict() const {
  return !verdict_->isHidden() && !verdict_->text().isEmpty();
}

QString LessonPane::verdictText() const {
  QTextDocument doc;
  doc.setHtml(verdict_->text());
  return doc.toPlainText();
}

void LessonPane::setPresenter(bool on, int pixel_size) {
  presenter_ = on;
  presenter_px_ = pixel_size;
  list_->setVisible(!on);
  errors_label_->setVisible(!on && !errors_.isEmpty());
  // At presenter size the words would make the pane too wide for a 1366-pixel projector beside
  // the run; PgUp/PgDn are the presenter's way anyway, and the arrows still say it.
  previous_->setText(on ? QStringLiteral("◀") : tr("◀ Previous"));
  next_->setText(on ? QStringLiteral("▶") : tr("Next ▶"));
  applyLook();
}

int LessonPane::textPixelSize() const {
  const QFont f = text_->document()->defaultFont();
  if (f.pixelSize() > 0) return f.pixelSize();
  return qRound(f.pointSizeF() * text_->logicalDpiY() / 72.0);
}

void LessonPane::scrollText(int pages) {
  QScrollBar* bar = text_->verticalScrollBar();
  bar->setValue(bar->value() + pages * bar->pageStep());
}

void LessonPane::showStep(PresenterStep step) {
  switch (step) {
    case PresenterStep::Idea:
      text_->verticalScrollBar()->setValue(0);
      break;
    case PresenterStep::Predict:
      if (!predict_->isHidden()) lower_scroll_->ensureWidgetVisible(predict_);
      break;
    case PresenterStep::Verdict:
      if (!verdict_->isHidden()) lower_scroll_->ensureWidgetVisible(verdict_);
      break;
    case PresenterStep::Run:
    case PresenterStep::Figure:
      break;
  }
}

void LessonPane::setMarkdown(const QString& markdown) {
  text_->setMarkdown(markdown);
  // Qt's Markdown headings are very large; in a narrow pane a title would take the whole height.
  QTextDocument* doc = text_->document();
  const QFont base = doc->defaultFont();
  QTextCursor cursor(doc);
  for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
    const int level = b.blockFormat().headingLevel();
    if (level <= 0) continue;
    const double scale = level == 1 ? 1.3 : level == 2 ? 1.15 : 1.05;
    QTextCharFormat f;
    if (base.pixelSize() > 0)
      f.setProperty(QTextFormat::FontPixelSize, qRound(base.pixelSize() * scale));
    else
      f.setFontPointSize(base.pointSizeF() * scale);
    f.setProperty(QTextFormat::FontSizeAdjustment, 0);
    f.setFontWeight(QFont::Bold);
    QTextBlockFormat bf = b.blockFormat();
    bf.setTopMargin(level == 1 ? 0 : QFontMetrics(base).height() * 0.6);
    cursor.setPosition(b.position());
    cursor.setBlockFormat(bf);
    cursor.setPosition(b.position() + b.length() - 1, QTextCursor::KeepAnchor);
    cursor.mergeCharFormat(f);
  }
}

void LessonPane::applyLook() {
  // Readable at arm's length normally; projector-sized, black on white in presenter mode.
  QFont base = font();
  QFont text = base;
  if (presenter_) {
    text.setPixelSize(presenter_px_);
    setStyleSheet(QStringLiteral(
                      "QWidget#lessonPane, QWidget#lessonPane QWidget { font-size: %1px; "
                      "background: #ffffff; color: #000000; }"
                      "QGroupBox { font-weight: bold; border: 2px solid #000000; margin-top: %2px;"
                      " padding-top: 6px; }"
                      "QGroupBox::title { subcontrol-origin: margin; left: 8px; }"
                      "QRadioButton::indicator, QCheckBox::indicator { width: %3px; height: %3px; }"
                      "QPushButton { border: 2px solid #000000; padding: 6px 14px; }"
                      "QPushButton:disabled { color: #767676; border-color: #767676; }")
                      .arg(presenter_px_)
                      .arg(presenter_px_ / 2 + 8)
                      .arg(presenter_px_ * 2 / 3));
  } else {
    text.setPointSizeF(std::max(11.0, base.pointSizeF() + 1));
    setStyleSheet(QString());
  }
  text_->document()->setDefaultFont(text);
  text_->setFont(text);
  // The Markdown again, so its headings scale from the new size.
  if (const Lesson* l = currentLesson()) {
    const int pos = text_->verticalScrollBar()->value();
    setMarkdown(l->markdown);
    text_->verticalScrollBar()->setValue(pos);
  }
  // The question, the choices and the verdict in the text's size.
  lower_scroll_->widget()->setFont(text);
  QFont q = text;
  q.setBold(true);
  question_->setFont(q);
}

}  // namespace ioscope::ui
