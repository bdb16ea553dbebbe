// SPDX-License-Identifier: MIT
// Loads the installed SlimFaas QML module from the import path given as argument.
#include <QtCore/qcoreapplication.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QQmlEngine engine;
    engine.addImportPath(app.arguments().value(1));
    QQmlComponent component(&engine);
    component.setData("import SlimFaas\nSlimFaasClient { functionConfig.functionName: \"qml\" }\n",
                      QUrl());
    QScopedPointer<QObject> client(component.create());
    if (!client) {
        std::fprintf(stderr, "%s\n", qPrintable(component.errorString()));
        return 1;
    }
    return client->property("state").toInt() == 0 ? 0 : 1; // Disconnected
}
