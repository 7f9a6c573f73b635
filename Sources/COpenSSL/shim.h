#ifndef ROLES_ANYWHERE_COPENSSL_SHIM_H
#define ROLES_ANYWHERE_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#endif
