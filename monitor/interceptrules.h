// SPDX-License-Identifier: MIT
#ifndef INTERCEPTRULES_H
#define INTERCEPTRULES_H

#include <QtCore/qcoreapplication.h>
#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

// One intercept rule: which messages it holds before they are delivered. Every field left at
// "any" (empty, -1) takes everything; a rule with a method or a path takes only the messages
// of a request that has them (AsyncRequest, PublishEvent, a sync call's frames, the answers
// to them once the request was seen). A value type; matches() on the GUI thread only (it
// shares AnswerRule's cache of compiled globs).
struct InterceptRule
{
    Q_GADGET
public:
    enum Direction {
        AnyDirection,
        ToFunction,   // "in": from SlimFaas (or the emulator) to the function
        FromFunction, // "out": from the function
    };
    Q_ENUM(Direction)

    Direction direction = AnyDirection;
    int type = -1;    // a SlimFaasProtocol::MessageType's number; -1 any
    QString function; // a glob on the function's name, ignoring case; empty any
    QString method;   // ignoring case; empty or "*" any
    QString pathGlob; // as the auto-answer rules' (AnswerRule::pathMatches()); empty any

    bool matches(bool toFunction, int messageType, const QString &functionName,
                 const QString &requestMethod, const QString &path) const;
    // "in AsyncRequest of orders POST jobs/*".
    QString description() const;

    friend bool operator==(const InterceptRule &a, const InterceptRule &b)
    {
        return a.direction == b.direction && a.type == b.type && a.function == b.function
                && a.method == b.method && a.pathGlob == b.pathGlob;
    }
    friend bool operator!=(const InterceptRule &a, const InterceptRule &b) { return !(a == b); }
};

// The rules in order (the first that matches names the hold); saved in QSettings. A value
// type; GUI thread only.
class InterceptRules
{
    Q_DECLARE_TR_FUNCTIONS(InterceptRules)
public:
    QList<InterceptRule> rules() const { return m_rules; }
    void setRules(const QList<InterceptRule> &rules) { m_rules = rules; }
    bool isEmpty() const { return m_rules.isEmpty(); }

    // The index of the first rule that takes the message, -1 when none.
    int match(bool toFunction, int messageType, const QString &functionName, const QString &method,
              const QString &path) const;

    void save(QSettings *settings) const;
    void load(QSettings *settings);

    friend bool operator==(const InterceptRules &a, const InterceptRules &b)
    {
        return a.m_rules == b.m_rules;
    }

private:
    QList<InterceptRule> m_rules;
};

#endif // INTERCEPTRULES_H
