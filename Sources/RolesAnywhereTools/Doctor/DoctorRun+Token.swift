import RolesAnywhere
import PKCS11
import X509

extension DoctorRun {
    static let tokenListHint = "`roles-anywhere token list` shows the tokens and their objects"

    /// Parses the URIs and loads the PKCS#11 module.
    func checkModule() {
        do {
            if let privateKey = configuration.privateKey, PKCS11BackendConfiguration.isTokenURI(privateKey) {
                keyURI = try TokenObjectLocator.parse(privateKey, role: "--private-key")
            }
            if PKCS11BackendConfiguration.isTokenURI(configuration.certificate) {
                certificateURI = try TokenObjectLocator.parse(configuration.certificate, role: "--certificate")
            }
        } catch {
            return record(.module, .fail, Self.message(error), fix: "fix the pkcs11: URI; \(Self.tokenListHint)")
        }
        do {
            let module = try TokenModule.load(path: configuration.modulePath, uris: [keyURI, certificateURI].compactMap { $0 })
            locator = TokenObjectLocator(module: module)
            let info = try? module.info()
            let about = info.map { " (\($0.libraryDescription) \($0.libraryVersion) by \($0.manufacturer))" } ?? ""
            record(.module, .ok, "\(module.path)\(about)")
        } catch {
            record(
                .module, .fail, Self.message(error),
                fix: "give --pkcs11-lib the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so, or register it with p11-kit")
        }
    }

    /// Finds the one token holding the key (or the certificate, when the key is found by its ID).
    func checkToken() {
        guard let module = locator?.module, let uri = keyURI ?? certificateURI else { return skip(.token, needs: .module) }
        do {
            let slots = try TokenObjectFinder(module: module).matchingSlots(uri)
            let labels = try slots.map { "'\(try $0.tokenInfo().label)'" }
            guard slots.count == 1, let slot = slots.first else {
                if slots.isEmpty {
                    let present = try module.slots().compactMap { slot -> String? in
                        let info = try slot.tokenInfo()
                        return info.flags.contains(.tokenInitialized) ? "'\(info.label)'" : nil
                    }
                    let tokens = present.isEmpty ? "no token is present" : "present: \(present.joined(separator: ", "))"
                    return record(
                        .token, .fail, "no token matches \(uri) (\(tokens))",
                        fix: "insert the token, or fix token= in the URI; \(Self.tokenListHint)")
                }
                return record(
                    .token, .fail, "\(uri) matches \(slots.count) tokens (\(labels.joined(separator: ", ")))",
                    fix: "add token=<label> to the URI")
            }
            let info = try slot.tokenInfo()
            self.slot = slot
            session = try locator?.session(for: slot)
            tokenLabel = info.label
            record(.token, .ok, "token '\(info.label)' (\(info.manufacturer) \(info.model), serial \(info.serialNumber)) in slot \(slot.id)")
        } catch {
            record(.token, .fail, Self.withoutAdvice(TokenFailure.translate(error, action: "finding the token", token: nil).commandLineMessage), fix: Self.tokenListHint)
        }
    }

    /// Logs in by the PIN rules (a PIN from a file, variable or command is tried once).
    func checkPIN() {
        guard let session, let tokenLabel else { return skip(.pin, needs: .token) }
        do {
            let info = try session.slot.tokenInfo()
            guard info.flags.contains(.loginRequired) else {
                loggedIn = true
                return record(.pin, .ok, "token '\(tokenLabel)' needs no login")
            }
            let supply = try PINSupply.resolve(configured: configuration.pinSource, uris: [keyURI, certificateURI].compactMap { $0 })
            var attempts = 0
            userPIN = try TokenLogin(supply: supply).logIn(session, token: tokenLabel, attempts: &attempts)
            loggedIn = true
            let flags = Self.pinFlags(try session.slot.tokenInfo().flags)
            record(.pin, .ok, "accepted by token '\(tokenLabel)' (PIN from \(supply)); retry flags: \(flags)")
        } catch {
            let failure = TokenFailure.translate(error, action: "logging in", token: tokenLabel)
            let flags = Self.pinFlags((try? session.slot.tokenInfo().flags) ?? [])
            let fix = failure.commandLineMessage.contains("locked")
                ? "unblock the PIN with the SO PIN or the token vendor's tool"
                : "give the right PIN with --pin-env NAME, --pin-command CMD or pin-source=file:/path (each wrong PIN counts toward the token's lock)"
            record(.pin, .fail, "\(Self.withoutAdvice(failure.commandLineMessage)) [retry flags: \(flags)]", fix: fix)
        }
    }

    /// Finds the private key: by its URI, or next to the token certificate by `CKA_ID`.
    func checkTokenKey() {
        guard loggedIn, let session else { return skip(.key, needs: .pin) }
        do {
            if let keyURI {
                guard var locator else { return skip(.key, needs: .module) }
                let key = try locator.privateKey(keyURI) { _, _ in }
                self.locator = locator
                tokenKeys = [key]
                return record(.key, .ok, "\(key.uri) (\(Self.describe(key.handle, in: key.session)))")
            }
            if let privateKey = configuration.privateKey {
                return record(
                    .key, .fail, "the private key '\(privateKey)' is a file but the certificate is on a token",
                    fix: "give the key as a pkcs11: URI, or leave --private-key out to use the key with the certificate's CKA_ID")
            }
            lookUpTokenCertificate()
            guard let certificate = tokenCertificate else {
                return record(.key, .skip, "the key is found by the certificate's CKA_ID, and the certificate is not found")
            }
            guard var locator else { return skip(.key, needs: .module) }
            let keys = try locator.privateKeys(nextTo: certificate) { _, _ in }
            self.locator = locator
            guard !keys.isEmpty else {
                let id = certificate.id.map(ObjectID.hex) ?? "none"
                return record(
                    .key, .fail, "no private key with the CKA_ID (\(id)) of \(certificate.uri) on token '\(certificate.tokenLabel)'",
                    fix: "give the key with --private-key pkcs11:..., or store the certificate with its key's id (`roles-anywhere token import-cert`)")
            }
            tokenKeys = keys
            let described = keys.map { "\($0.uri) (\(Self.describe($0.handle, in: session)))" }
            record(.key, .ok, described.joined(separator: "; "))
        } catch {
            record(
                .key, .fail, Self.withoutAdvice(TokenFailure.translate(error, action: "finding the private key", token: tokenLabel).commandLineMessage),
                fix: "fix object= or id= in --private-key; `roles-anywhere token list --login` shows the keys")
        }
    }

    /// Reads the certificate from the token (no login needed) or from its file.
    func checkTokenCertificate() {
        guard let uri = certificateURI else { return checkFileCertificate() }
        guard locator != nil else { return skip(.certificate, needs: .module) }
        if status(of: .token) == .fail, keyURI == nil || keyURI?.tokenLabel == uri.tokenLabel {
            return skip(.certificate, needs: .token)
        }
        lookUpTokenCertificate()
        if let failure = certificateLookupFailure {
            return record(
                .certificate, .fail, Self.withoutAdvice(failure.commandLineMessage),
                fix: "fix the certificate URI, or store the certificate with `roles-anywhere token import-cert`; \(Self.tokenListHint)")
        }
        guard let found = tokenCertificate else { return skip(.certificate, needs: .module) }
        certificate = found.certificate
        guard readIntermediates() else { return }
        record(.certificate, .ok, "\(found.uri): \(Self.describe(found.certificate))\(intermediatesNote)")
    }

    /// Finds the token certificate once.
    func lookUpTokenCertificate() {
        guard tokenCertificate == nil, certificateLookupFailure == nil, let uri = certificateURI, var locator else { return }
        do {
            tokenCertificate = try locator.certificate(uri)
        } catch {
            certificateLookupFailure = TokenFailure.translate(error, action: "reading the certificate \(uri)", token: nil)
        }
        self.locator = locator
    }

    /// The PIN retry flags of a token: `none`, or `PIN count low`, `PIN final try`, `PIN locked`.
    static func pinFlags(_ flags: TokenFlags) -> String {
        let names = [(TokenFlags.userPinCountLow, "PIN count low"), (.userPinFinalTry, "PIN final try"), (.userPinLocked, "PIN locked")]
            .filter { flags.contains($0.0) }.map(\.1)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }

    /// `EC P-256, sensitive, not extractable`, from the key's attributes.
    static func describe(_ key: ObjectHandle, in session: Session) -> String {
        var parts: [String] = []
        let type = try? session.keyType(of: key)
        if type == .rsa, let modulus = try? session.modulus(of: key) {
            parts.append("RSA \(modulus.drop(while: { $0 == 0 }).count * 8)")
        } else if type == .ec {
            parts.append("EC \(TokenPublicKey.curveName(parameters: try? session.ecParams(of: key)) ?? "(unknown curve)")")
        } else {
            parts.append(TokenPublicKey.name(of: type ?? nil))
        }
        if let sensitive = try? session.bool(.sensitive, of: key) { parts.append(sensitive ? "sensitive" : "NOT sensitive") }
        if let extractable = try? session.bool(.extractable, of: key) { parts.append(extractable ? "EXTRACTABLE" : "not extractable") }
        if (try? session.bool(.alwaysAuthenticate, of: key)) == true { parts.append("PIN on every signature") }
        return parts.joined(separator: ", ")
    }
}
