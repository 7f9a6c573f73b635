import RolesAnywhere

extension SlotListing {
    /// The slot as indented text lines, each object followed by its URI on a line of its own.
    public var lines: [String] {
        var lines = ["Slot \(slotID): \(slotDescription.isEmpty ? "(no description)" : slotDescription)"]
        guard let token else {
            lines.append("  no token present")
            return lines
        }
        if token.label.isEmpty, token.flags == ["not initialized"] {
            lines.append("  token not initialized (model '\(token.model)')")
            return lines
        }
        lines.append("  Token '\(token.label)': manufacturer '\(token.manufacturer)', model '\(token.model)', serial '\(token.serialNumber)'")
        lines.append("  flags: \(token.flags.isEmpty ? "none" : token.flags.joined(separator: ", "))")
        lines.append("  \(token.uri)")
        for object in token.objects {
            let label = object.label.map { " '\($0)'" } ?? ""
            let id = object.id.map { " id \(SigV4Encoding.lowercaseHex($0))" } ?? ""
            let details = object.details.isEmpty ? "" : ": " + object.details.joined(separator: "; ")
            lines.append("  \(object.kind)\(label)\(id)\(details)")
            lines.append("    \(object.uri)")
        }
        if token.objects.isEmpty { lines.append("  no objects visible") }
        if let note = token.note { lines.append("  (\(note))") }
        if !token.includesPrivateObjects, token.note == nil {
            lines.append("  (private keys are listed after a login: add --pin-env NAME, --pin-command CMD or --login)")
        }
        return lines
    }
}
