<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CallerPanel</name>
    <message numerus="yes">
        <source>%1 · %n byte(s) so far…</source>
        <translation>
            <numerusform>%1 · %n byte so far…</numerusform>
            <numerusform>%1 · %n bytes so far…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n byte(s)</source>
        <translation>
            <numerusform>%1 · %n byte</numerusform>
            <numerusform>%1 · %n bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Aborted after %n byte(s).</source>
        <translation>
            <numerusform>Aborted after %n byte.</numerusform>
            <numerusform>Aborted after %n bytes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message numerus="yes">
        <source>%n byte(s), in the chunks that follow</source>
        <translation>
            <numerusform>%n byte, in the chunks that follow</numerusform>
            <numerusform>%n bytes, in the chunks that follow</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message numerus="yes">
        <source>%n request(s) selected</source>
        <translation>
            <numerusform>%n request selected</numerusform>
            <numerusform>%n requests selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>: %n async</source>
        <translation>
            <numerusform>: %n async</numerusform>
            <numerusform>: %n async</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n sync</source>
        <translation>
            <numerusform>, %n sync</numerusform>
            <numerusform>, %n sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) could not be answered (%2): %1</source>
        <translation>
            <numerusform>%n request could not be answered (%2): %1</numerusform>
            <numerusform>%n requests could not be answered (%2): %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) could not be answered; they may have been cancelled: %1</source>
        <translation>
            <numerusform>%n request could not be answered; it may have been cancelled: %1</numerusform>
            <numerusform>%n requests could not be answered; they may have been cancelled: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InterceptPane</name>
    <message numerus="yes">
        <source>On: %n rule(s) hold what they take.</source>
        <translation>
            <numerusform>On: %n rule holds what it takes.</numerusform>
            <numerusform>On: %n rules hold what they take.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) held.</source>
        <translation>
            <numerusform>%n message held.</numerusform>
            <numerusform>%n messages held.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n oldest message(s) dropped to stay within %1 kept.</source>
        <translation>
            <numerusform>%n oldest message dropped to stay within %1 kept.</numerusform>
            <numerusform>%n oldest messages dropped to stay within %1 kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) in the inbox are waiting for an answer.</source>
        <translation>
            <numerusform>%n request in the inbox is waiting for an answer.</numerusform>
            <numerusform>%n requests in the inbox are waiting for an answer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the %n message(s) from the list?</source>
        <translation>
            <numerusform>Remove the %n message from the list?</numerusform>
            <numerusform>Remove the %n messages from the list?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n message(s) from %1.</source>
        <translation>
            <numerusform>Imported %n message from %1.</numerusform>
            <numerusform>Imported %n messages from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) skipped, not messages.</source>
        <translation>
            <numerusform>%n line skipped, not a message.</numerusform>
            <numerusform>%n lines skipped, not messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more.</source>
        <translation>
            <numerusform>… and %n more.</numerusform>
            <numerusform>… and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %n message(s) held</source>
        <translation>
            <numerusform>paused, %n message held</numerusform>
            <numerusform>paused, %n messages held</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued in SlimFaas</source>
        <translation>
            <numerusform>%n queued in SlimFaas</numerusform>
            <numerusform>%n queued in SlimFaas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrafficModel</name>
    <message numerus="yes">
        <source>Body of %n byte(s); the first %1 are kept.</source>
        <translation>
            <numerusform>Body of %n byte; the first %1 are kept.</numerusform>
            <numerusform>Body of %n bytes; the first %1 are kept.</numerusform>
        </translation>
    </message>
</context>
</TS>
