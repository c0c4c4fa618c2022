/* export.h — OS_API marks the library's public functions. The library is compiled with
 * -fvisibility=hidden, so the shared library exports these and nothing else; for a program
 * using the library, OS_API is empty. */
#ifndef OUTAGESIM_EXPORT_H
#define OUTAGESIM_EXPORT_H

#if defined(OS_BUILDING_LIBRARY) && defined(__GNUC__)
#define OS_API __attribute__((visibility("default")))
#else
#define OS_API
#endif

#endif
