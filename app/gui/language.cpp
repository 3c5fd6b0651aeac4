#include "app/gui/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace silica {

namespace {

const QString kKey = QStringLiteral("language");

} // namespace

QString storedLanguage()
{
    const QString code = QSettings().value(kKey).toString();
    return availableLanguages().contains(code) ? code : QString();
}

void storeLanguage(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(kKey);
    else
        settings.setValue(kKey, code);
}

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString nativeLanguageName(const QString &code)
{
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("zh_CN"))
        return QString::fromUtf8("简体中文");
    return QStringLiteral("English");
}

QLocale installTranslators(QCoreApplication &app)
{
    const QString code = storedLanguage();
    QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (!code.isEmpty())
        QLocale::setDefault(locale);
    // English is the source language: nothing to load.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return locale;

    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    else
        delete qt;
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("silica"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(own);
    else
        delete own;
    return locale;
}

} // namespace silica
