/// Constants of the STS query API that the local STS speaks.
enum STSAPI {
    /// The only API version STS has: the `Version` parameter every request carries.
    static let version = "2011-06-15"
    /// The XML namespace of every STS response, success or error.
    static let xmlNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
}
