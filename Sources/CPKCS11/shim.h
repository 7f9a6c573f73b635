#ifndef CPKCS11_SHIM_H
#define CPKCS11_SHIM_H

/* Raw Cryptoki (PKCS #11 v2.40) and RFC 7512 URI bindings from p11-kit.
   The safe Swift layer is the PKCS11 target; nothing else should import this. */
#include <p11-kit/pkcs11.h>
#include <p11-kit/uri.h>
#include <p11-kit/p11-kit.h>

#endif
