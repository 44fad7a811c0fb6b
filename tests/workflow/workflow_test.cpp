// The workflow table as data: compiling specs and the checks that catch mistakes.
#include <gongkai/workflow/workflow.hpp>

#include <gtest/gtest.h>

namespace gongkai::workflow {
namespace {

WorkflowSpec minimal() {
    WorkflowSpec spec;
    spec.id = "mini";
    spec.initial = "draft";
    spec.create_who = {"drafter@org"};
    spec.edit_who = {"drafter@org"};
    spec.states = {{"draft", "草稿", true}, {"done", "完成", false}};
    spec.transitions = {{"finish", "完成", {"draft"}, "done", {"leader@org+ancestors"},
                         {"not_author", "not_actor_of:a,b"}, true, {}, "", ""}};
    return spec;
}

std::string compile_error(const WorkflowSpec& spec) {
    try {
        Workflow::compile(spec);
    } catch (const WorkflowError& e) {
        return e.what();
    }
    return "";
}

TEST(Workflow, CompilesATable) {
    auto workflow = Workflow::compile(minimal());
    const Transition* finish = workflow.find("finish", "draft");
    ASSERT_NE(finish, nullptr);
    EXPECT_EQ(finish->to, "done");
    ASSERT_EQ(finish->who.size(), 1u);
    EXPECT_EQ(finish->who[0].kind, Participant::Kind::role_or_ancestors);
    EXPECT_EQ(finish->who[0].role, Role::leader);
    ASSERT_EQ(finish->guards.size(), 2u);
    EXPECT_EQ(finish->guards[1].actions, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(workflow.find("finish", "done"), nullptr);
    EXPECT_TRUE(workflow.state("draft")->editable);
    EXPECT_NE(workflow.to_dot().find("draft -> done"), std::string::npos);
}

TEST(Workflow, RefusesTablesThatMakeNoSense) {
    auto spec = minimal();
    spec.transitions[0].to = "nowhere";
    EXPECT_NE(compile_error(spec).find("nowhere"), std::string::npos);
    spec = minimal();
    spec.transitions[0].guards = {"be_nice"};
    EXPECT_NE(compile_error(spec).find("be_nice"), std::string::npos);
    spec = minimal();
    spec.transitions[0].who = {"emperor@org"};
    EXPECT_NE(compile_error(spec).find("emperor"), std::string::npos);
    spec = minimal();
    spec.transitions[0].who = {"leader@everywhere"};
    EXPECT_NE(compile_error(spec).find("scope"), std::string::npos);
    spec = minimal();
    spec.transitions.push_back(spec.transitions[0]);
    EXPECT_NE(compile_error(spec).find("twice"), std::string::npos);
    spec = minimal();
    spec.initial = "limbo";
    EXPECT_NE(compile_error(spec).find("limbo"), std::string::npos);
    spec = minimal();
    spec.transitions[0].who.clear();
    EXPECT_NE(compile_error(spec).find("empty"), std::string::npos);
    spec = minimal();
    spec.transitions[0].guards = {"not_actor_of:"};
    EXPECT_FALSE(compile_error(spec).empty());
}

TEST(Participant, ParsesTheThreeForms) {
    EXPECT_EQ(Participant::parse("reviewer@org").kind, Participant::Kind::role_exact);
    EXPECT_EQ(Participant::parse("leader@org+ancestors").kind,
              Participant::Kind::role_or_ancestors);
    auto submitter = Participant::parse("actor_of:submit");
    EXPECT_EQ(submitter.kind, Participant::Kind::actor_of);
    EXPECT_EQ(submitter.action, "submit");
}

}  // namespace
}  // namespace gongkai::workflow
