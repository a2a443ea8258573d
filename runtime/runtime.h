/* runtime/runtime.h — the public header of the runtime subsystem: the
 * object model plus every built-in type. Include this from vm/, stdlib/
 * and tests. */
#ifndef MN_RUNTIME_H
#define MN_RUNTIME_H

#include "runtime/object.h"
#include "runtime/error.h"
#include "runtime/gc.h"
#include "runtime/obmalloc.h"
#include "runtime/type.h"
#include "runtime/int.h"
#include "runtime/float.h"
#include "runtime/str.h"
#include "runtime/bytes.h"
#include "runtime/tuple.h"
#include "runtime/list.h"
#include "runtime/dict.h"
#include "runtime/set.h"
#include "runtime/range.h"
#include "runtime/module.h"
#include "runtime/weakref.h"

#endif /* MN_RUNTIME_H */
