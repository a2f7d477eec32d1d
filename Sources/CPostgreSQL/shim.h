#ifndef AEGIS_CPOSTGRESQL_SHIM_H
#define AEGIS_CPOSTGRESQL_SHIM_H
#include <libpq-fe.h>
#endif
