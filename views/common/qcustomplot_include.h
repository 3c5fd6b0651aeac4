#pragma once
// QCustomPlot's header uses Qt's `foreach` in templates, which QT_NO_FOREACH (our default)
// removes. Include this header, not <qcustomplot.h>, and before any other Qt header of the
// file: Qt decides whether `foreach` exists the first time its headers are read.

#ifdef QT_NO_FOREACH
#define SILICA_QT_NO_FOREACH_WAS_SET
#undef QT_NO_FOREACH
#endif

#include <qcustomplot.h>

#ifdef SILICA_QT_NO_FOREACH_WAS_SET
#define QT_NO_FOREACH
#undef SILICA_QT_NO_FOREACH_WAS_SET
#endif
