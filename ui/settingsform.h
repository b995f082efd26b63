// Form rows produced from engine::Setting descriptions: an editor per setting type, number fields that keep
// what was typed (an out-of-range value is reported by validation, never clamped), and titled sections whose
// advanced settings wait under a collapsed "More settings".
#pragma once

#include "engine/core/settings.h"

#include <QAbstractSpinBox>
#include <QGroupBox>
#include <QSet>
#include <QString>

#include <deque>

class QFormLayout;
class QGridLayout;
class QLabel;
class QToolButton;

namespace pretext::ui {

// A number field for an Int or Real setting. Unlike QSpinBox it never corrects the text: 0 stays 0 in a field
// whose range starts at 2, so validation can say why 0 is refused. Arrows and Up/Down step within the range:
// by 1 for integers, along 1-2-5 for rates that span decades (learning rate, temperature), linearly otherwise.
// The setting's special text ("all", "full pass") stands for its minimum and can be typed.
class NumberEdit : public QAbstractSpinBox {
    Q_OBJECT
public:
    explicit NumberEdit(const engine::Setting &setting, QWidget *parent = nullptr);

    // Shows `value` (the special text at the minimum) without emitting edited().
    void setNumber(double value);
    // The typed number; false, with *problem set, when the text is not a number (empty, "1e").
    bool number(double *value, QString *problem) const;

    void stepBy(int steps) override;
    QValidator::State validate(QString &text, int &pos) const override;
    void fixup(QString &) const override { } // what was typed stays
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void edited(); // by the user: typing or stepping

protected:
    StepEnabled stepEnabled() const override;

private:
    QString format(double value) const;
    bool logSteps() const;

    engine::Setting m_setting;
};

// The editor for a setting: NumberEdit, QComboBox (Choice; editable for Text), or QCheckBox (Bool, carrying
// the label). objectName = key, tooltip = help and accepted range.
QWidget *createSettingEditor(const engine::Setting &setting, const QString &key, const QString &label);
// Shows a value in an editor made by createSettingEditor() (or a QGroupBox / editable QComboBox given instead),
// emitting nothing.
void showSettingValue(QWidget *editor, const engine::Setting &setting, const engine::json::Value &value);
// The value in an editor; false, with *problem set ("batch_size is empty; expected 2 to 8192"), when its text is
// not a value of the setting's type.
bool readSettingValue(
    const QWidget *editor, const engine::Setting &setting, engine::json::Value *value, QString *problem);
// The tooltip of a setting: its help and what it accepts.
QString settingToolTip(const engine::Setting &setting);

// The colour of error text on this palette (light and dark themes).
QColor errorTextColor(const QPalette &palette);

// Alt+letter shortcuts for one page: each label gets the first free initial of its words, else any free letter.
class Mnemonics {
public:
    explicit Mnemonics(const QString &reserved = QString());
    // "Batch size" -> "&Batch size" (and '&' in the text escaped). A Chinese label with no free Latin letter of its
    // own gets one in parentheses, as Chinese interfaces write it: "批大小(&B)", preferring the letters of `hint`
    // (the English label it translates), then a digit.
    QString mark(const QString &text, const QString &hint = QString());
    void release(const QString &marked);

private:
    QSet<QChar> m_used;
};

// One form row produced from a setting.
struct SettingRow {
    engine::Setting setting;
    QString key; // as validationProblems() names it: "batch_size", "augment.crop_prob"
    QString label; // without the mnemonic, for the summary under the form
    QWidget *editor = nullptr; // the input (objectName = key); a checkable section for an op's on/off switch
    QWidget *field = nullptr; // what the row shows: the editor, or a widget holding it (a Browse… button)
    QLabel *error = nullptr; // the row's message, under the field; hidden while valid
    QString message;
};

// A titled group of setting rows. Advanced settings (Setting::advanced) go after a "More settings" toggle,
// collapsed until opened, so a section's first view is short.
class SettingsSection : public QGroupBox {
    Q_OBJECT
public:
    SettingsSection(const QString &title, Mnemonics *mnemonics, QWidget *parent = nullptr);

    // Adds the row of `setting` under `key` with the standard editor, or with `editor` shown as `field`.
    SettingRow &addSetting(
        const engine::Setting &setting, const QString &key, QWidget *editor = nullptr, QWidget *field = nullptr);
    // Makes the section checkable, its title the label of `setting` (an op's on/off switch); `markedTitle`: the
    // label with a mnemonic chosen beforehand.
    SettingRow &addSwitch(const engine::Setting &setting, const QString &key, const QString &markedTitle = QString());
    // Adds the rows of `settings` (each under prefix + key), the advanced ones last, so that creation order, which
    // is Tab order, is the order on screen.
    void addSettings(const std::vector<engine::Setting> &settings, const QString &prefix = QString());
    void addLine(QWidget *widget); // a full-width line among the rows, e.g. a description
    void clear(); // removes every row and line (the method's rows, rebuilt on a method change)

    std::deque<SettingRow> &rows() { return m_rows; }
    const std::deque<SettingRow> &rows() const { return m_rows; }
    SettingRow *row(const QString &key);
    // Shows `message` under the row (empty: hides it); an advanced row with a message opens "More settings".
    void setProblem(SettingRow &row, const QString &message);
    // Makes the row visible (opening "More settings" if it is there).
    void reveal(const SettingRow &row);
    QToolButton *moreButton() const { return m_more; }
    QFormLayout *form() const { return m_form; }
    // The section's inputs in the order they are shown (for Tab order after a rebuild).
    QList<QWidget *> focusOrder() const;

Q_SIGNALS:
    void edited(const QString &key);

private:
    void watch(QWidget *editor, const QString &key);
    void setMoreOpen(bool open);
    void updateRowVisibility(const SettingRow &row);

    Mnemonics *m_mnemonics;
    QFormLayout *m_form = nullptr;
    QToolButton *m_more = nullptr;
    bool m_moreOpen = false;
    int m_moreRow = -1; // the form row of the toggle; rows before it are the basic ones
    std::deque<SettingRow> m_rows;
    QStringList m_marks; // the mnemonic-marked texts, released by clear()
};

// Two columns of groups side by side when they fit, one below the other when they do not (presentation-size
// fonts), so that the page scrolls vertically instead of clipping on the right. The decision uses the columns'
// size hints, which do not depend on the arrangement, so switching cannot oscillate.
class ColumnsPage : public QWidget {
public:
    ColumnsPage();
    void setHeader(QWidget *header);
    void add(int column, QWidget *widget);
    void finish(); // after the last add()
    // Installed on the scroll area's viewport by scrollPage(): only the viewport's width tells whether two
    // columns fit, since the page itself never gets narrower than its two-column minimum.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void arrange(bool two);

    QGridLayout *m_grid = nullptr;
    QWidget *m_columns[2] = { nullptr, nullptr };
    bool m_arranged = false, m_two = true;
};

// A page in a scroll area that scrolls rather than clips.
QWidget *scrollPage(QWidget *content);

} // namespace pretext::ui
