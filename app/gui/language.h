#pragma once
// The user-interface language: the system locale by default, or one the user picked in
// Settings → Language. The choice is stored in QSettings and applied at the next start.

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace silica {

// "" follows the system; otherwise "en", "de" or "zh_CN".
QString storedLanguage();
void storeLanguage(const QString &code);
// Codes of the languages Silica ships, in menu order (without the system entry).
QStringList availableLanguages();
// The language's own name ("Deutsch", "简体中文"), as the menu lists it.
QString nativeLanguageName(const QString &code);

// Installs Silica's and Qt's translations for the stored language (or the system locale) and
// returns the locale in effect.
QLocale installTranslators(QCoreApplication &app);

} // namespace silica
