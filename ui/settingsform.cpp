#include "ui/settingsform.h"

#include "ui/enginetext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QScrollArea>
#include <QStyleOptionSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pretext::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A number as typed or shown: C-locale digits (as in config.json), a comma accepted for the decimal point.
bool parseNumber(QString text, double *value)
{
    bool ok = false;
    *value = QLocale::c().toDouble(text.trimmed().replace(QLatin1Char(','), QLatin1Char('.')), &ok);
    return ok && std::isfinite(*value);
}

// Rounds away the binary noise of a step (0.35000000000000003), so that stepping lands on the numbers shown.
double tidy(double v)
{
    return QString::number(v, 'g', 10).toDouble();
}

} // namespace

// ---- NumberEdit ---------------------------------------------------------------------------------------------------

NumberEdit::NumberEdit(const engine::Setting &setting, QWidget *parent)
    : QAbstractSpinBox(parent)
    , m_setting(setting)
{
    setAccelerated(true);
    lineEdit()->setPlaceholderText(settingRangeText(setting));
    connect(lineEdit(), &QLineEdit::textEdited, this, &NumberEdit::edited);
}

QString NumberEdit::format(double value) const
{
    if (!m_setting.special.empty() && value == m_setting.min) return settingSpecialText(m_setting);
    const QString exact = qs(engine::formatNumber(value));
    // Values such as 4/3 would print 17 digits: show them rounded (the value itself is kept until edited).
    if (m_setting.type == engine::SettingType::Real && exact.size() > 10)
        return QString::number(value, 'g', std::max(m_setting.decimals, 6));
    return exact;
}

void NumberEdit::setNumber(double value)
{
    lineEdit()->setText(format(value));
}

bool NumberEdit::number(double *value, QString *problem) const
{
    const QString t = text().trimmed();
    const QString key = qs(m_setting.key);
    const QString expected = settingRangeText(m_setting);
    if (!m_setting.special.empty()
        && (t.compare(settingSpecialText(m_setting), Qt::CaseInsensitive) == 0
            || t.compare(qs(m_setting.special), Qt::CaseInsensitive) == 0)) {
        *value = m_setting.min;
        return true;
    }
    if (t.isEmpty()) {
        if (problem) *problem = tr("%1 is empty; expected %2").arg(key, expected);
        return false;
    }
    if (!parseNumber(t, value)) {
        if (problem) *problem = tr("%1 = \"%2\" is not a number; expected %3").arg(key, t, expected);
        return false;
    }
    return true;
}

bool NumberEdit::logSteps() const
{
    // Rates that span decades (learning rate, weight decay, temperatures) step 1-2-5: 1e-4, 2e-4, 5e-4, 1e-3.
    return m_setting.type == engine::SettingType::Real
        && (m_setting.decimals >= 5 || (m_setting.min > 0 && m_setting.max / m_setting.min >= 100));
}

void NumberEdit::stepBy(int steps)
{
    double v = 0;
    if (!number(&v, nullptr)) v = m_setting.defaultValue.isNumber() ? m_setting.defaultValue.asNumber() : m_setting.min;
    const double start = v;
    const double smallest = std::pow(10.0, -std::max(m_setting.decimals, 1));
    for (int i = 0; i < std::abs(steps); ++i) {
        if (m_setting.type == engine::SettingType::Int) {
            v = std::round(v) + (steps > 0 ? 1 : -1);
        } else if (logSteps()) {
            const bool up = steps > 0;
            if (v <= smallest && !up) {
                v = m_setting.minExclusive ? v / 2 : m_setting.min;
                continue;
            }
            if (v <= 0) {
                v = smallest;
                continue;
            }
            const double decade = std::pow(10.0, std::floor(std::log10(v) + 1e-9));
            const double multiples[] = { 0.5, 1, 2, 5, 10, 20 };
            double next = up ? 10 * decade : decade / 2;
            for (double m : multiples) {
                const double candidate = m * decade;
                if (up && candidate > v * (1 + 1e-9)) {
                    next = candidate;
                    break;
                }
                if (!up && candidate < v * (1 - 1e-9)) next = candidate;
            }
            v = next;
        } else {
            const double step = m_setting.max <= 1 ? 0.05 : m_setting.max <= 100 ? 0.1 : 1;
            v = std::round(v / step) * step + (steps > 0 ? step : -step);
        }
        v = tidy(v);
    }
    v = std::clamp(v, m_setting.min, std::max(m_setting.min, m_setting.max));
    if (m_setting.minExclusive && v <= m_setting.min) v = start > m_setting.min ? start : v;
    lineEdit()->setText(format(v));
    selectAll();
    Q_EMIT edited();
}

QAbstractSpinBox::StepEnabled NumberEdit::stepEnabled() const
{
    return isReadOnly() ? StepNone : (StepUpEnabled | StepDownEnabled);
}

QValidator::State NumberEdit::validate(QString &text, int &) const
{
    // Only what cannot become a number is refused; a number outside the range is accepted and reported by
    // validation, so that the teacher sees why it is wrong instead of a silently corrected value.
    const QString t = text.trimmed();
    for (const QString &special : { settingSpecialText(m_setting), qs(m_setting.special) }) {
        if (!special.isEmpty() && !t.isEmpty() && special.startsWith(t, Qt::CaseInsensitive))
            return t.size() == special.size() ? QValidator::Acceptable : QValidator::Intermediate;
    }
    static const QRegularExpression integer(QStringLiteral(R"(^[-+]?[0-9]*$)"));
    static const QRegularExpression real(QStringLiteral(R"(^[-+]?[0-9]*([.,][0-9]*)?([eE][-+]?[0-9]*)?$)"));
    if (!(m_setting.type == engine::SettingType::Int ? integer : real).match(t).hasMatch()) return QValidator::Invalid;
    double v = 0;
    return parseNumber(t, &v) ? QValidator::Acceptable : QValidator::Intermediate;
}

QSize NumberEdit::sizeHint() const
{
    ensurePolished();
    const QFontMetrics fm(fontMetrics());
    // One width per kind, so a column of fields lines up: counts up to ten digits, rates such as 0.000001.
    QString sample = m_setting.type == engine::SettingType::Int ? qs(engine::formatNumber(m_setting.max))
                                                                : QStringLiteral("0.0000001");
    if (sample.size() > 10) sample = QStringLiteral("0000000000");
    int w = std::max({ fm.horizontalAdvance(sample), fm.horizontalAdvance(settingSpecialText(m_setting)),
        fm.horizontalAdvance(QStringLiteral("000000")) });
    QStyleOptionSpinBox opt;
    initStyleOption(&opt);
    return style()->sizeFromContents(QStyle::CT_SpinBox, &opt, QSize(w + 4, lineEdit()->sizeHint().height()), this);
}

QSize NumberEdit::minimumSizeHint() const
{
    return sizeHint(); // a number is never cut
}

// ---- editors ------------------------------------------------------------------------------------------------------

QString settingToolTip(const engine::Setting &s)
{
    QString tip = QStringLiteral("<p>%1</p>").arg(engineText(s.help).toHtmlEscaped());
    if (s.type == engine::SettingType::Bool || (s.type == engine::SettingType::Text && s.choices.empty())) return tip;
    QString accepted = settingRangeText(s);
    if (!s.special.empty()) accepted += QStringLiteral("; %1 = %2").arg(qs(engine::formatNumber(s.min)), settingSpecialText(s));
    return tip + QStringLiteral("<p>%1: %2</p>").arg(QObject::tr("Accepted"), accepted.toHtmlEscaped());
}

QWidget *createSettingEditor(const engine::Setting &s, const QString &key, const QString &label)
{
    QWidget *editor = nullptr;
    switch (s.type) {
    case engine::SettingType::Bool:
        editor = new QCheckBox(label);
        break;
    case engine::SettingType::Int:
    case engine::SettingType::Real:
        editor = new NumberEdit(s);
        break;
    case engine::SettingType::Choice:
    case engine::SettingType::Text: {
        auto *combo = new QComboBox;
        combo->setEditable(s.type == engine::SettingType::Text);
        combo->setInsertPolicy(QComboBox::NoInsert);
        for (const auto &choice : s.choices)
            combo->addItem(qs(choice), qs(choice));
        editor = combo;
        break;
    }
    }
    editor->setObjectName(key);
    editor->setToolTip(settingToolTip(s));
    return editor;
}

void showSettingValue(QWidget *editor, const engine::Setting &s, const engine::json::Value &value)
{
    const QSignalBlocker block(editor);
    if (auto *number = qobject_cast<NumberEdit *>(editor)) {
        number->setNumber(value.isNumber() ? value.asNumber() : s.min);
    } else if (auto *check = qobject_cast<QCheckBox *>(editor)) {
        check->setChecked(value.isBool() && value.asBool());
    } else if (auto *group = qobject_cast<QGroupBox *>(editor)) {
        group->setChecked(value.isBool() && value.asBool());
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const QString text = value.isString() ? qs(value.asString()) : qs(engine::formatSettingValue(value));
        if (combo->isEditable()) {
            combo->setEditText(text);
            return;
        }
        int i = combo->findData(text);
        if (i < 0) {
            // A config may name something this build does not offer: show it, so that validation can say so.
            combo->addItem(text, text);
            i = combo->count() - 1;
        }
        combo->setCurrentIndex(i);
    }
}

bool readSettingValue(const QWidget *editor, const engine::Setting &, engine::json::Value *value, QString *problem)
{
    if (const auto *number = qobject_cast<const NumberEdit *>(editor)) {
        double v = 0;
        if (!number->number(&v, problem)) return false;
        *value = v;
    } else if (const auto *check = qobject_cast<const QCheckBox *>(editor)) {
        *value = check->isChecked();
    } else if (const auto *group = qobject_cast<const QGroupBox *>(editor)) {
        *value = group->isChecked();
    } else if (const auto *combo = qobject_cast<const QComboBox *>(editor)) {
        const QVariant data = combo->currentData();
        const QString text = combo->isEditable() || !data.isValid() ? combo->currentText().trimmed() : data.toString();
        *value = text.toStdString();
    } else {
        return false;
    }
    return true;
}

QColor errorTextColor(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(255, 138, 128) : QColor(176, 0, 32);
}

// ---- Mnemonics ----------------------------------------------------------------------------------------------------

Mnemonics::Mnemonics(const QString &reserved)
{
    for (QChar c : reserved)
        m_used.insert(c.toUpper());
}

QString Mnemonics::mark(const QString &text, const QString &hint)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('&'), QStringLiteral("&&"));
    auto usable = [&](int i) {
        const QChar c = escaped.at(i);
        return c.isLetter() && c.unicode() < 128 && !m_used.contains(c.toUpper())
            && (i == 0 || escaped.at(i - 1) != QLatin1Char('&'));
    };
    int pick = -1;
    for (int i = 0; i < escaped.size() && pick < 0; ++i) // initials first: "Batch size" -> B, then s
        if ((i == 0 || !escaped.at(i - 1).isLetterOrNumber()) && usable(i)) pick = i;
    for (int i = 0; i < escaped.size() && pick < 0; ++i)
        if (usable(i)) pick = i;
    // CJK text (U+2E80 on): no Latin letter of its own is free, so it takes one in parentheses, then a digit.
    const bool cjk = std::any_of(escaped.begin(), escaped.end(), [](QChar c) { return c.unicode() >= 0x2E80; });
    if (pick < 0 && cjk) {
        QString candidates = hint.toUpper();
        for (char c = 'A'; c <= 'Z'; ++c) candidates += QLatin1Char(c);
        for (char c = '1'; c <= '9'; ++c) candidates += QLatin1Char(c);
        for (const QChar c : candidates) {
            if (c.unicode() < 128 && c.isLetterOrNumber() && !m_used.contains(c)) {
                m_used.insert(c);
                return escaped + QStringLiteral("(&") + c + QLatin1Char(')');
            }
        }
    }
    if (pick < 0) return escaped;
    m_used.insert(escaped.at(pick).toUpper());
    return escaped.left(pick) + QLatin1Char('&') + escaped.mid(pick);
}

void Mnemonics::release(const QString &marked)
{
    for (int i = 0; i + 1 < marked.size(); ++i) {
        if (marked.at(i) != QLatin1Char('&')) continue;
        if (marked.at(i + 1) != QLatin1Char('&')) {
            m_used.remove(marked.at(i + 1).toUpper());
            return;
        }
        ++i; // an escaped '&'
    }
}

// ---- SettingsSection ----------------------------------------------------------------------------------------------

SettingsSection::SettingsSection(const QString &title, Mnemonics *mnemonics, QWidget *parent)
    : QGroupBox(title, parent)
    , m_mnemonics(mnemonics)
{
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

SettingRow &SettingsSection::addSetting(const engine::Setting &s, const QString &key, QWidget *editor, QWidget *field)
{
    const QString label = engineText(s.label);
    const QString marked = m_mnemonics ? m_mnemonics->mark(label, QString::fromStdString(s.label)) : label;
    m_marks << marked;
    const bool check = s.type == engine::SettingType::Bool && !editor;
    if (!editor) editor = createSettingEditor(s, key, marked);
    if (editor->objectName().isEmpty()) editor->setObjectName(key);
    if (editor->toolTip().isEmpty()) editor->setToolTip(settingToolTip(s));
    editor->setAccessibleName(label);
    if (!field) field = editor;

    if (s.advanced && !m_more) {
        m_more = new QToolButton;
        m_more->setObjectName(QStringLiteral("more"));
        const QString more = tr("More settings");
        m_marks << (m_mnemonics ? m_mnemonics->mark(more) : more);
        m_more->setText(m_marks.last());
        m_more->setToolTip(tr("Settings that rarely need changing"));
        m_more->setCheckable(true);
        m_more->setAutoRaise(true);
        m_more->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_more->setArrowType(Qt::RightArrow);
        connect(m_more, &QToolButton::toggled, this, &SettingsSection::setMoreOpen);
        m_moreRow = m_form->rowCount();
        m_form->addRow(m_more);
    }
    // Basic rows go before the toggle, advanced ones after it.
    const int at = s.advanced || m_moreRow < 0 ? m_form->rowCount() : m_moreRow;
    auto *error = new QLabel;
    error->setObjectName(key + QStringLiteral("-error"));
    error->setWordWrap(true);
    error->setTextFormat(Qt::PlainText);
    QPalette red = error->palette();
    red.setColor(QPalette::WindowText, errorTextColor(red));
    error->setPalette(red);
    if (check) {
        m_form->insertRow(at, field);
    } else {
        auto *l = new QLabel(marked + QLatin1Char(':'));
        l->setBuddy(editor);
        l->setToolTip(editor->toolTip());
        m_form->insertRow(at, l, field);
    }
    m_form->insertRow(at + 1, static_cast<QWidget *>(nullptr), error);
    if (!s.advanced && m_moreRow >= 0) m_moreRow += 2;

    m_rows.push_back({ s, key, label, editor, field, error, QString() });
    watch(editor, key);
    updateRowVisibility(m_rows.back());
    return m_rows.back();
}

void SettingsSection::addSettings(const std::vector<engine::Setting> &settings, const QString &prefix)
{
    for (const bool advanced : { false, true })
        for (const auto &s : settings)
            if (s.advanced == advanced) addSetting(s, prefix + qs(s.key));
}

SettingRow &SettingsSection::addSwitch(const engine::Setting &s, const QString &key, const QString &markedTitle)
{
    const QString title = !markedTitle.isEmpty() ? markedTitle
        : m_mnemonics                            ? m_mnemonics->mark(engineText(s.label), QString::fromStdString(s.label))
                                                 : engineText(s.label);
    m_marks << title;
    setTitle(title);
    setCheckable(true);
    setObjectName(key);
    setToolTip(settingToolTip(s));
    setAccessibleName(engineText(s.label));
    m_rows.push_back({ s, key, engineText(s.label), this, this, nullptr, QString() });
    watch(this, key);
    return m_rows.back();
}

void SettingsSection::addLine(QWidget *widget)
{
    m_form->insertRow(m_moreRow >= 0 ? m_moreRow : m_form->rowCount(), widget);
    if (m_moreRow >= 0) ++m_moreRow;
}

void SettingsSection::clear()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0); // deletes the row's widgets
    if (m_mnemonics)
        for (const QString &marked : std::as_const(m_marks))
            m_mnemonics->release(marked);
    m_marks.clear();
    m_rows.clear();
    m_more = nullptr;
    m_moreRow = -1;
    m_moreOpen = false;
}

SettingRow *SettingsSection::row(const QString &key)
{
    for (SettingRow &r : m_rows)
        if (r.key == key) return &r;
    return nullptr;
}

void SettingsSection::watch(QWidget *editor, const QString &key)
{
    auto emitEdited = [this, key] { Q_EMIT edited(key); };
    if (auto *number = qobject_cast<NumberEdit *>(editor))
        connect(number, &NumberEdit::edited, this, emitEdited);
    else if (auto *check = qobject_cast<QCheckBox *>(editor))
        connect(check, &QCheckBox::toggled, this, emitEdited);
    else if (auto *group = qobject_cast<QGroupBox *>(editor))
        connect(group, &QGroupBox::toggled, this, emitEdited);
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        connect(combo, &QComboBox::currentTextChanged, this, emitEdited);
}

void SettingsSection::setProblem(SettingRow &row, const QString &message)
{
    if (row.message == message) return;
    row.message = message;
    if (!row.error) return;
    row.error->setText(message);
    // One line up to about 60 characters, wrapped beyond: a form field's size hint would wrap it after a few words.
    const QFontMetrics fm = row.error->fontMetrics();
    row.error->setMinimumWidth(std::min(fm.horizontalAdvance(message) + 2, fm.averageCharWidth() * 60));
    if (!message.isEmpty() && row.setting.advanced && !m_moreOpen)
        setMoreOpen(true); // a problem is never hidden
    else
        updateRowVisibility(row);
}

void SettingsSection::reveal(const SettingRow &row)
{
    if (row.setting.advanced && !m_moreOpen) setMoreOpen(true);
}

void SettingsSection::setMoreOpen(bool open)
{
    m_moreOpen = open;
    if (m_more) {
        const QSignalBlocker block(m_more);
        m_more->setChecked(open);
        m_more->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    }
    for (const SettingRow &r : m_rows)
        updateRowVisibility(r);
}

void SettingsSection::updateRowVisibility(const SettingRow &row)
{
    if (row.editor == this) return;
    const bool shown = !row.setting.advanced || m_moreOpen;
    m_form->setRowVisible(row.field, shown);
    m_form->setRowVisible(row.error, shown && !row.message.isEmpty());
}

QList<QWidget *> SettingsSection::focusOrder() const
{
    QList<QWidget *> order;
    for (const bool advanced : { false, true }) {
        if (advanced && m_more) order << m_more;
        for (const SettingRow &r : m_rows)
            if (r.setting.advanced == advanced && r.editor != this) order << r.editor;
    }
    return order;
}

// ---- pages --------------------------------------------------------------------------------------------------------

ColumnsPage::ColumnsPage()
{
    m_grid = new QGridLayout(this);
    for (QWidget *&column : m_columns) {
        column = new QWidget;
        auto *v = new QVBoxLayout(column);
        v->setContentsMargins(0, 0, 0, 0);
    }
    arrange(true);
}

void ColumnsPage::setHeader(QWidget *header)
{
    m_grid->addWidget(header, 0, 0, 1, 2);
}

void ColumnsPage::add(int column, QWidget *widget)
{
    static_cast<QVBoxLayout *>(m_columns[column]->layout())->addWidget(widget);
}

void ColumnsPage::finish()
{
    for (QWidget *column : m_columns)
        static_cast<QVBoxLayout *>(column->layout())->addStretch(1);
}

bool ColumnsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize) {
        const QMargins m = m_grid->contentsMargins();
        const int twoColumns = m_columns[0]->sizeHint().width() + m_columns[1]->sizeHint().width()
            + m_grid->horizontalSpacing() + m.left() + m.right();
        arrange(static_cast<QResizeEvent *>(event)->size().width() >= twoColumns);
    }
    return QWidget::eventFilter(watched, event);
}

void ColumnsPage::arrange(bool two)
{
    if (m_arranged && two == m_two) return;
    m_arranged = true;
    m_two = two;
    m_grid->removeWidget(m_columns[0]);
    m_grid->removeWidget(m_columns[1]);
    m_grid->addWidget(m_columns[0], 1, 0);
    m_grid->addWidget(m_columns[1], two ? 1 : 2, two ? 1 : 0);
    m_grid->setColumnStretch(1, two ? 1 : 0);
    m_grid->setColumnStretch(0, 1);
    m_grid->setRowStretch(1, two ? 1 : 0);
    m_grid->setRowStretch(2, two ? 0 : 1);
}

QWidget *scrollPage(QWidget *content)
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    if (auto *columns = dynamic_cast<ColumnsPage *>(content)) scroll->viewport()->installEventFilter(columns);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded); // never clip silently
    return scroll;
}

} // namespace pretext::ui
