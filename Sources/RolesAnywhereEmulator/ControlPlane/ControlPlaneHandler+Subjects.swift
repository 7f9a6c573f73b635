import Foundation

extension ControlPlaneHandler {
    struct SubjectAnswer: Encodable { var subject: LocalResource.Subject }
    struct SubjectList: Encodable { var subjects: [LocalResource.Subject]; var nextToken: String? }

    func listSubjects(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let subjects = try state.database.subjects(arnPrefix: state.arn("subject", ""))
        let page = try Pagination.page(subjects, sortKey: { $0.createdAt + $0.subjectId }, call: call)
        return call.answer(SubjectList(subjects: page.items, nextToken: page.nextToken))
    }

    func getSubject(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let id = try call.pathID("subjectId")
        guard let subject = try state.database.subject(id: id, arnPrefix: state.arn("subject", "")) else { throw ControlPlaneError.notFound("Resource not found") }
        return call.answer(SubjectAnswer(subject: subject), resources: [("AWS::RolesAnywhere::Subject", subject.subjectArn)])
    }
}
