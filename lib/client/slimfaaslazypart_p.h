// SPDX-License-Identifier: MIT
#ifndef SLIMFAASLAZYPART_P_H
#define SLIMFAASLAZYPART_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: how an event keeps parts of its message until asked for them
// (slimfaaspublishevent.cpp, filled by slimfaasprotocol.cpp).
//

#include "slimfaasheaders.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qmutex.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringview.h>

// A part of a message (an event's body, its headers) kept as its JSON text inside the
// message it came in (shared with it, not copied), and decoded on first use: an event
// handler that routes on the name or the path never pays for the rest. The codec has
// checked the text before handing it over, so decoding cannot fail.
// Threads: get() may run from several threads at once on copies that share one event; the
// first decodes under the lock, the others then return its result.
template<typename T> class SlimFaasLazyPart
{
public:
    using Decoder = T (*)(QStringView);

    SlimFaasLazyPart() = default;
    SlimFaasLazyPart(const SlimFaasLazyPart &other)
    {
        const QMutexLocker lock(&other.mutex);
        message = other.message;
        text = other.text;
        decoder = other.decoder;
        value = other.value;
    }
    SlimFaasLazyPart &operator=(const SlimFaasLazyPart &other) = delete;

    // `part` lies within `whole`, which it keeps alive until decoded.
    void setEncoded(const QString &whole, QStringView part, Decoder decode)
    {
        Q_ASSERT(part.data() >= whole.constData()
                 && part.data() + part.size() <= whole.constData() + whole.size());
        const QMutexLocker lock(&mutex);
        message = whole;
        text = part;
        decoder = decode;
        value = T();
    }
    void set(const T &decoded)
    {
        const QMutexLocker lock(&mutex);
        message.clear();
        text = {};
        decoder = nullptr;
        value = decoded;
    }
    T get() const
    {
        const QMutexLocker lock(&mutex);
        if (decoder) {
            value = decoder(text);
            // The message's text is no longer needed: let it go.
            message.clear();
            text = {};
            decoder = nullptr;
        }
        return value;
    }

private:
    mutable QMutex mutex;
    // While still encoded: the message, where the part lies in it, and how to decode it.
    mutable QString message;
    mutable QStringView text;
    mutable Decoder decoder = nullptr;
    mutable T value;
};

namespace SlimFaasProtocol {
// An event's headers from the JSON text the codec has checked (its body:
// SlimFaasBase64::decodeChecked()).
SlimFaasHeaders decodeCheckedHeaders(QStringView json);
} // namespace SlimFaasProtocol

#endif // SLIMFAASLAZYPART_P_H
