// SPDX-License-Identifier: MIT
#ifndef ANSWERRULES_H
#define ANSWERRULES_H

#include <QtCore/qcoreapplication.h>
#include <QtCore/qlist.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qstring.h>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

// One auto-answer rule: which requests it takes (method, path glob, kind) and what it does
// with them. A rule's method "*" and path "*" match everything.
// A value type; matches() on the GUI thread only (it shares a cache of compiled globs).
struct AnswerRule
{
    Q_GADGET
public:
    enum Kind { AnyRequest, AsyncRequest, SyncRequest };
    Q_ENUM(Kind)
    enum Action {
        AnswerStatus,    // answer `status` at once
        Echo,            // sync: stream the body back; async: answer 200
        DelayThenStatus, // answer `status` after `delayMsecs`
        AskMe,           // put it in the inbox for a person to answer
    };
    Q_ENUM(Action)

    QString method = QStringLiteral("*");
    QString pathGlob = QStringLiteral("*");
    Kind kind = AnyRequest;
    Action action = AskMe;
    int status = 200;
    int delayMsecs = 1000;

    bool matches(const QString &requestMethod, const QString &path, Kind requestKind) const;
    // Whether a path glob ("*" anything, slashes included; "?" one character) takes this
    // path, a leading slash ignored on both; an empty glob or "*" takes every path.
    static bool pathMatches(const QString &glob, const QString &path);
    // "POST orders/* (async) → 503", shown on the rows a rule answered.
    QString description() const;
    QString actionDescription() const;

    friend bool operator==(const AnswerRule &a, const AnswerRule &b)
    {
        return a.method == b.method && a.pathGlob == b.pathGlob && a.kind == b.kind
                && a.action == b.action && a.status == b.status && a.delayMsecs == b.delayMsecs;
    }
    friend bool operator!=(const AnswerRule &a, const AnswerRule &b) { return !(a == b); }
};

// The ordered rules and the default action for requests no rule takes; the first rule that
// matches wins. Paths are matched without their leading slash, as SlimFaas sends them
// (docs/protocol.md §4), and a leading slash in a glob is ignored.
// A value type; GUI thread only (it caches compiled globs).
class AnswerRules
{
    Q_DECLARE_TR_FUNCTIONS(AnswerRules)
public:
    QList<AnswerRule> rules() const { return m_rules; }
    void setRules(const QList<AnswerRule> &rules)
    {
        m_rules = rules;
        m_descriptions.clear();
    }
    // The default: a rule that matches everything; its action AskMe unless changed.
    AnswerRule defaultRule() const { return m_default; }
    void setDefaultRule(const AnswerRule &rule);

    // The index of the first matching rule, -1 for the default.
    int match(const QString &method, const QString &path, AnswerRule::Kind kind) const;
    AnswerRule rule(int index) const { return index < 0 ? m_default : m_rules.value(index); }
    // "rule 2: POST orders/* → 503", or "default: …". Made once per rule (every request
    // answered is annotated with it), in the language installed when it is first asked for.
    QString describe(int index) const;

    void save(QSettings *settings) const;
    void load(QSettings *settings);

private:
    QList<AnswerRule> m_rules;
    AnswerRule m_default;
    mutable QList<QString> m_descriptions; // describe(index) at index + 1; null: not made yet
};

#endif // ANSWERRULES_H
