<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>pretext::ui::MainWindow</name>
    <message numerus="yes">
        <source>Slow motion: one step every %n second(s), every panel updated. M stops it.</source>
        <translation>
            <numerusform>Slow motion: one step every %n second, every panel updated. M stops it.</numerusform>
            <numerusform>Slow motion: one step every %n seconds, every panel updated. M stops it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pretext::ui::NewRunDialog</name>
    <message numerus="yes">
        <source>… and %n more, under their fields</source>
        <translation>
            <numerusform>… and %n more, under its field</numerusform>
            <numerusform>… and %n more, under their fields</numerusform>
        </translation>
    </message>
</context>
</TS>
