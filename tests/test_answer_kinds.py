"""Answers of every kind on the shipped corpus with the real model: lists, comparisons, follow-ups, abstention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduqa.chat import EXAMPLES
from eduqa.cli import main

pytestmark = pytest.mark.model

MODELS = "What are the common models of collaboration?"
NEAR_DOMAIN = [
    "What are restorative practices in schools?",
    "What is the Professional Development School model?",
    "How does a flipped classroom work?",
    "What is a flipped classroom?",
    "How does teacher burnout affect students?",
    "How do I set up a parent-teacher association?",
    "How do charter schools affect enrollment at nearby district schools?",
    "Is trauma-informed teaching effective in high-poverty schools?",
    "How do schools in Singapore collaborate with one another?",
    "What does the nonprofit Communities In Schools do when it partners with a school?",
    "Who published the article on effective partnership models?",
    "Which model should we go with? Just tell me which one to pick.",
    "What is the StriveTogether approach and how does collective impact differ from an ordinary partnership?",
    "What does the term 'collective impact' mean?",
    "How do I write a grant proposal to a private foundation?",
    "What role should school resource officers play in a school-community partnership?",
    "Is it true that full-service schools cut chronic absenteeism in half?",
    # a name in the asker's situation that the question leans on ("its", "around here")
    "Our district joined the Harlem Children's Zone. What are its main pillars?",
    "I work in a small district in rural Appalachia. What partnerships have schools around here set up?",
    "I work in Springfield. What partnerships have schools in our town set up?",  # "our town" is not the community
    # a well-known place, and things to make or hand over that the documents never mention
    "Is the Community Collaboration Model widely used in Australia?",
    "Can you give me a template for a memorandum of understanding with a nonprofit partner?",
    "whats a good agenda for the very first meeting with a new community partner",
    "What should a job description for a community school coordinator include?",
    "What are the steps for drafting a memorandum of understanding with a partner organization?",
    # a law, a frequency, a maker and a count that no passage gives; a procedure the documents never describe
    "Are schools legally required to have community partners?",
    "How often exactly should partnership evaluations be done, monthly or annually?",
    "Who originally developed the Building Blocks Framework for collaboration?",
    "How many schools in Finland participate in school-to-school partnerships?",
    "If a partnership isn't working out, what's the proper procedure for ending it?",
    # names of a case's organizations that the documents never give
    "Which companies took part in the Philadelphia School District's mentorship program?",
    "Can you name the specific non-profit organizations Denver Public Schools worked with?",
    # a claim to confirm in words the documents never use
    "Is it true that full-service schools reduce teacher turnover?",
    "Is it true that the Community Collaboration Model was created by the federal government?",
    "Do school-community partnerships reduce teacher turnover?",
    "Is restorative justice part of the full-service schools approach?",
    "How are teachers paid in Finland compared to the US?",
    "are charter schools more likely to partner w/ local businesses than district schools?",
    "By how many percentage points did graduation rates rise in Denver after the nonprofit partnership?",
    # something to write, a judgement to make, a kind of thing the documents never speak of, a practice never named
    "Could you write a parent satisfaction questionnaire with the exact questions to ask?",
    "I need a line-item budget for a mentorship program with a local business - could you draft one?",
    "Should private companies be allowed to shape the curriculum through public-private partnerships?",
    "Is the Community Schools Model a better fit than full-service schools for small rural districts?",
    "What certification do social workers need before joining an interprofessional collaboration team?",
    "How is restorative justice built into full-service schools?",
    "Does restorative justice play a part in community schools partnerships?",
    "Do partnerships with businesses lead to commercialisation of the curriculum?",
    "How do professional learning communities (PLCs) connect to inter-school collaboration?",
    "Is the Public-Private Partnership Model better than the Community Schools Model for a low-income district?",
    "Should schools require parents to volunteer a minimum number of hours each term?",
    "We're a small rural district with about $20k to spend - which partnership model should we choose?",
    "Could you lay out a 12-month timeline for converting our school into a community school?",
    "Is inter-school collaboration more effective than the full-service schools model?",
    "How do charter schools typically set up partnerships with universities?",
    # a product to pick, and a form to fill in
    "which learning management system is best for tracking partnership programs across a district?",
    "Is there a template for a memorandum of understanding between a school and a nonprofit partner?",
]


def test_the_common_models_are_answered_as_a_list(model_index):
    answer = model_index.answer(MODELS)
    assert answer.kind == "list"
    labels = [part.label for part in answer.parts]
    assert len(labels) >= 5
    assert {"Community Collaboration Model (CCM)", "Full-Service Schools", "Building Blocks Framework"} <= set(labels)
    assert len(answer.text) <= 1200 and len(answer.parts) <= 8
    for part in answer.parts:  # each item is cited to its own passage and quoted from it
        passage = model_index.passage(part.passage_id)
        assert part.text.rstrip("…") in passage.text
        assert passage.start <= part.start < part.end <= passage.end
        assert any(hit.id == part.passage_id for hit in answer.hits)
    starts = [part.start for part in answer.parts]
    assert starts == sorted(starts)  # document order


def test_a_prose_list_is_answered_item_by_item(model_index):
    answer = model_index.answer("Which frameworks exist for effective school-community partnership models?")
    assert answer.kind == "list"
    for name in ("Collaborative Partnership Model", "Community Schools Model", "Public-Private Partnership Model"):
        assert name in answer.text


def test_a_comparison_answers_each_side(model_index):
    answer = model_index.answer(
        "How is the Community Schools Model different from the Public-Private Partnership Model?"
    )
    assert answer.kind == "comparison"
    assert [part.label for part in answer.parts] == ["Community Schools Model", "Public-Private Partnership Model"]
    assert "integrates resources of the school" in answer.parts[0].text
    assert "private organizations" in answer.parts[1].text


def test_a_comparison_says_which_side_the_documents_lack(model_index):
    answer = model_index.answer("What is the difference between a Montessori school and the Community Schools Model?")
    assert answer.kind == "comparison"
    missing, found = answer.parts
    assert missing.passage_id is None and "do not cover" in missing.text
    assert found.passage_id is not None


def test_an_ordinal_follow_up_reads_the_previous_list(model_index):
    answer = model_index.answer("Tell me more about the third one", history=[MODELS])
    assert answer.followup_of == MODELS
    assert answer.text.startswith("Full-Service Schools")
    assert "integrates various services within the school setting" in answer.text[:400]
    alone = model_index.answer("Tell me more about the third one")
    assert alone.followup_of is None


def test_a_pronoun_follow_up_reads_the_previous_subject(model_index):
    answer = model_index.answer(
        "Where is it most common?", history=["Which model addresses non-academic barriers to learning?"]
    )
    assert answer.followup_of == "Which model addresses non-academic barriers to learning?"
    assert "Particularly prevalent in the United States" in answer.text


def test_a_bare_tell_me_more_quotes_what_the_documents_say_next(model_index):
    first = model_index.answer("How can partnerships stay sustainable over time?")
    more = model_index.answer("tell me more", history=["How can partnerships stay sustainable over time?"])
    assert more.followup_of == "How can partnerships stay sustainable over time?"
    assert more.kind == "extract" and more.parts and more.text not in first.text
    before, after = first.parts[-1], more.parts[0]
    assert after.passage_id == before.passage_id and after.start >= before.end or after.passage_id != before.passage_id


def test_a_follow_up_past_the_end_of_the_list_is_not_answered(model_index):
    answer = model_index.answer("Tell me more about the ninth one", history=[MODELS])
    assert answer.text is None and "lists 6 items" in answer.reason


@pytest.mark.parametrize("question", NEAR_DOMAIN)
def test_near_domain_questions_are_not_answered(model_index, question):
    answer = model_index.answer(question)
    assert answer.text is None, answer.text
    assert answer.kind is None


@pytest.mark.parametrize("question", NEAR_DOMAIN[:8])
def test_near_domain_questions_after_a_conversation_are_not_answered(model_index, question):
    # a question that finds nothing close on its own is read against the earlier question; that must not answer
    # what the documents never cover
    answer = model_index.answer(question, history=[MODELS])
    assert answer.text is None, answer.text


@pytest.mark.parametrize("question", NEAR_DOMAIN[:8])
def test_a_near_domain_question_that_opens_as_a_continuation_is_not_answered(model_index, question):
    # "and how do charter schools affect …?" asks what it would alone: what the documents never cover stays
    # unanswered
    answer = model_index.answer("and " + question[0].lower() + question[1:], history=[MODELS])
    assert answer.text is None, answer.text


def test_the_document_filter_does_not_turn_abstention_into_a_quote(model_index):
    answer = model_index.answer(
        "Which model addresses non-academic barriers to learning?", documents=["effective-partnership-models.txt"]
    )
    assert answer.text is None


def test_paraphrased_questions_are_still_answered(model_index):
    for question in ("Which approach, most common in America, draws on neighbourhood support so that problems "
                     "unrelated to schoolwork stop getting in the way?",
                     "What role do parents play in these partnerships?"):
        assert model_index.answer(question).text is not None


def test_every_example_question_of_the_chat_is_answered(model_index):
    for question in EXAMPLES:
        assert model_index.answer(question).text is not None, question


def test_ask_json_has_kind_and_parts(model_index, capsys):
    assert main(["ask", MODELS, "--index", str(Path(model_index.path)), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "list"
    assert {"text", "passage_id", "start", "end", "label"} == set(data["parts"][0])


def test_a_comparison_in_other_words_answers_each_side(model_index):
    answer = model_index.answer(
        "How does the Collaborative Partnership Model stack up against the Public-Private Partnership Model?"
    )
    assert answer.kind == "comparison"
    assert "emphasizes shared goals and responsibilities" in answer.parts[0].text
    assert "leverages funding and resources from businesses" in answer.parts[1].text


def test_comparison_sides_described_together_are_quoted_together(model_index):
    answer = model_index.answer(
        "How is the role of schools different from the role of community organizations in a partnership?"
    )
    schools, organizations = answer.parts
    assert "providing educational resources, facilitating programs" in schools.text
    assert organizations.text.startswith("Community organizations contribute by offering support services")
    assert organizations.text in model_index.passage(organizations.passage_id).text
    # "community groups" are told from parents by the documents' words for them, community organizations
    groups = model_index.answer("What's the difference between what community groups do and what parents do in a "
                                "partnership?")
    assert groups.parts[0].text.startswith("Community organizations contribute by offering support services")
    assert groups.parts[1].text.startswith("Parents and families also serve as vital stakeholders")
    denver = model_index.answer("What's the difference between the Denver and the Philadelphia case studies?")
    assert "Philadelphia School District" in denver.parts[1].text  # never the other side's quote
    assert denver.parts[0].text != denver.parts[1].text


def test_a_section_that_describes_every_side_in_turn_answers_the_comparison(model_index):
    # each side alone is found in a section of its own ("Schools' Responsibilities", "Community Organizations'
    # Contributions"); "Roles of Stakeholders" describes both, one sentence opening with each
    answer = model_index.answer("what do schools bring to a partnership versus what community organizations bring")
    schools, organizations = answer.parts
    assert schools.text.startswith("Schools play a pivotal role by providing educational resources")
    assert organizations.text.startswith("Community organizations contribute by offering support services")
    assert {model_index.passage(p.passage_id).section for p in answer.parts} == {
        "Roles of Stakeholders in Effective Partnerships"}
    # sides that no one section describes keep their own extracts
    models = model_index.answer(
        "How is the Community Schools Model different from the Public-Private Partnership Model?"
    )
    assert "integrates resources of the school" in models.parts[0].text
    assert "facilitates collaboration between schools and private organizations" in models.parts[1].text
    # a side quoted where it is named in full is not traded for a sentence opening with only the word that tells
    # it apart ("Schools share resources …" for the Community Schools Model)
    community = model_index.answer(
        "which would suit a small rural district better, the Community Schools Model or the Community Collaboration "
        "Model?"
    )
    assert "Community Schools Model, which integrates resources" in community.parts[0].text
    assert "address non-academic barriers to learning" in community.parts[1].text


def test_a_comparison_side_says_what_the_documents_say_of_it_beyond_a_name(model_index):
    bullets = model_index.answer("Which is the bigger headache: resource limitations or communication barriers?")
    resources, communication = bullets.parts
    assert "operate with tight budgets" in resources.text  # not only the bullet "Resource limitations affecting …"
    assert "differing terminologies and expectations" in communication.text
    short = model_index.answer("How does active listening differ from creating platforms for feedback?")
    listening, feedback = short.parts
    assert listening.text.startswith("Active listening is an important aspect")
    assert "encourages collaborative problem-solving" in listening.text  # the sentences after a short quote
    assert listening.text in model_index.passage(listening.passage_id).text
    assert "demonstrates commitment to continual improvement" in feedback.text


def test_what_about_an_item_of_the_previous_list_quotes_what_the_documents_say_of_it(model_index):
    trends = "What future trends are shaping school-community partnerships?"
    assert model_index.answer(trends).kind == "list"
    answer = model_index.answer("what about mental health?", history=[trends])
    assert answer.followup_of == trends
    assert answer.text.startswith("Mental health awareness is another significant trend")  # the item about it
    assert "integrating psychological services into partnerships" in answer.text[:400]


def test_a_list_question_about_a_named_model_is_not_answered_with_a_list_that_never_names_it(model_index):
    answer = model_index.answer("What kind of barriers is the CCM meant to tackle?")
    assert "address non-academic barriers to learning" in answer.text  # not the list of key challenges
    assert answer.text.startswith("Community Collaboration Model (CCM):")  # without the item's "2. "
    part = answer.parts[0]
    passage = model_index.passage(part.passage_id)
    assert passage.text[part.start - passage.start:].startswith("Community Collaboration Model")


def test_a_side_is_not_quoted_with_a_sentence_about_the_other_side(model_index):
    answer = model_index.answer("what do schools bring to a partnership versus what community organizations bring")
    schools, organizations = answer.parts
    assert not schools.text.startswith("Community organizations")
    assert "schools" in schools.text.lower()
    assert "community organizations" in organizations.text.lower()


def test_more_about_a_one_line_item_quotes_where_the_documents_say_more(model_index):
    challenges = "What key challenges do school-community partnerships face?"
    answer = model_index.answer("What's the last one about?", history=[challenges])
    assert answer.followup_of == challenges
    assert "operate with tight budgets" in answer.text[:400]
    metrics = "What are the key metrics for evaluating partnerships?"
    named = model_index.answer("What is the fourth one?", history=[metrics])
    assert "Feedback from students, parents, and educators" in named.text


def test_a_lone_that_follows_the_previous_subject(model_index):
    answer = model_index.answer("How does that work in practice?", history=["What is inter-school collaboration?"])
    assert answer.followup_of == "What is inter-school collaboration?"
    assert "share resources, expertise, and best practices" in answer.text[:400]


def test_what_about_replaces_who_the_previous_question_asked_about(model_index):
    answer = model_index.answer(
        "What about parents and families?", history=["What role do schools play in a school-community partnership?"]
    )
    assert "parents and families" in (answer.searched or "").lower()
    assert "advocating for student needs" in answer.text[:400]


def test_an_item_picked_by_a_word_and_then_the_next_one(model_index):
    trends = "What are the future trends in school-community partnerships?"
    equity = model_index.answer("Tell me more about the equity one", history=[trends])
    assert equity.followup_of == trends
    assert "emphasis on equity" in equity.text[:400]
    after = model_index.answer("And the one after that?", history=[trends, "Tell me more about the equity one"])
    assert after.followup_of == trends
    assert "comprehensive mental health support" in after.text[:400]
    nothing = model_index.answer("Tell me more about the astronomy one", history=[trends])
    assert nothing.followup_of is None  # no item is about astronomy: the question stands on its own


def test_a_question_about_an_effect_the_documents_describe_is_answered(model_index):
    answer = model_index.answer(
        "How will online messaging tools change the way schools and local groups work together?"
    )
    assert answer.text is not None  # clearly close to a passage, though "messaging" is not the documents' word


def test_a_lone_that_after_a_question_about_two_groups(model_index):
    earlier = "What do parents and families do in school-community partnerships?"
    answer = model_index.answer("Why does that matter?", history=[earlier])
    assert answer.followup_of == earlier
    assert "boosts student motivation and engagement" in answer.text[:400]


def test_things_named_in_prose_follow_the_list_and_ordinals_count_the_list(model_index):
    question = "What common metrics are used to measure the success of collaborative initiatives?"
    answer = model_index.answer(question)
    assert answer.kind == "list"
    assert answer.parts[0].text == "Student academic performance improvements."
    prose = answer.parts[-1]
    assert prose.text.startswith("Common metrics include academic achievement data")
    assert "participation levels in joint programs" in prose.text  # the sentences that go on naming them
    assert prose.text.rstrip("…") in model_index.passage(prose.passage_id).text
    last = model_index.answer("What about the last one?", history=[question])
    assert "Feedback from students, parents, and educators" in last.text


def test_more_about_a_one_line_item_says_the_item_first(model_index):
    history = ["What kinds of problems come up when schools and communities try to partner?"]
    answer = model_index.answer("and the last one?", history=history)
    assert answer.parts[0].text == "Resource limitations affecting partnership sustainability."
    assert "tight budgets" in answer.parts[1].text  # where the documents say more about it
    assert answer.parts[0].passage_id != answer.parts[1].passage_id or answer.parts[0].start != answer.parts[1].start


# (question, earlier questions, kind or None for any, phrases the answer must hold)
QUOTED = [
    # a list named by another word for its kind, or asked for without naming it
    ("What ingredients does a school-community partnership need in order to succeed?", [], "list",
     ["shared vision", "establishing trust among partners", "ongoing evaluation"]),
    ("Why do so many partnerships stall or fall apart? What usually gets in the way?", [], "list",
     ["Misalignment of goals and values.", "Communication barriers among stakeholders."]),
    ("Who are the main players in a school-community partnership?", [], "list",
     ["Parents and families also serve as vital stakeholders"]),
    # ways asked for by "how should we …", listed when a list's title names them, else one extract
    ("Our partners feel out of the loop. How should we be communicating with them?", [], "list",
     ["Establishing regular meetings, utilizing digital platforms", "Active listening is an important aspect"]),
    ("How should we show the community what the partnership has achieved?", [], "extract",
     ["Highlighting achievements through newsletters or community events"]),
    # things named in a row in prose
    ("In practice, what shapes can a school-community partnership take?", [], None,
     ["mentorship programs, after-school activities, and resource sharing"]),
    ("what are the hallmarks of an effective partnership", [], None,
     ["mutual commitment, shared goals, and active participation"]),
    ("What are the characteristics of effective partnerships?", [], None,
     ["characterized by mutual commitment, shared goals, and active participation"]),
    ("What are some ways to collect input from everyone involved in the partnership?", [], None,
     ["Surveys, community forums, and suggestion boxes"]),
    ("What tools can we use to collect feedback from partners and parents?", [], None,
     ["creating platforms for feedback", "Surveys, community forums, and suggestion boxes"]),
    # follow-ups
    ("Tell me more about the New York one", ["Give me some real examples of partnerships that worked."], None,
     ["New York City"]),
    ("ok, what's the point of them — what are they trying to achieve?",
     ["What is a full-service school?", "What services does it include?"], None,
     ["aim to meet the diverse needs of students"]),
    ("What about Philadelphia?", ["What case study from Denver does the article mention?"], None,
     ["Philadelphia School District"]),
    ("what about parents? why do they matter so much",
     ["What roles do stakeholders play in school-community partnerships?"], None,
     ["boosts student motivation and engagement"]),
    ("where is it most common?", ["What's the Community Collaboration Model?"], None,
     ["Particularly prevalent in the United States"]),
    ("can you explain the third one", ["what do community organizations contribute to partnerships?"], None,
     ["cultural competency"]),
    ("the fifth one - who's involved in that?",
     ["What are the six common collaboration models between schools and institutions?"], None,
     ["teachers, social workers, and psychologists"]),
    ("#2, what does it do exactly?", ["What are the common models of collaboration?"], None,
     ["Community Collaboration Model"]),
    ("why does the last one happen?", ["What are the key challenges in building school-community partnerships?"],
     None, ["Resource limitations affecting partnership sustainability.", "tight budgets"]),
    ("what is it ultimately aiming for?", ["Describe the Building Blocks Framework."], None,
     ["create a universal model"]),
    ("what about mental health specifically?", ["What future trends are there in school-community partnerships?"],
     "extract", ["mental health"]),
    # the parts of a thing under the thing's own title; "responsible for" after an adverb; "trying to do"
    ("What are the vital components of good communication in a partnership?", [], "list",
     ["Establishing regular meetings", "utilizing digital platforms"]),
    ("New teacher here - what exactly are schools responsible for when they enter into a community partnership?", [],
     "list", ["communicate their needs and objectives clearly", "prioritize inclusivity"]),
    ("What are equity-focused partnerships actively trying to do?", [], None, ["involve underrepresented communities"]),
    # names the documents do give
    ("Which school district teamed up with local businesses to offer mentoring?", [], None,
     ["Philadelphia School District"]),
    ("Which organizations are involved in school-community partnerships?", [], None, []),
    # a claim in the documents' own words is confirmed by a quote
    ("Is it true that inter-school collaboration happens in Finland?", [], None, ["Finland"]),
    ("I heard that full-service schools include health services. Is that right?", [], None,
     ["health, social, and educational services"]),
    ("How is the role of parents different from the role of local govts and businesses?", [], "comparison",
     ["advocating for student needs", "through funding and resources"]),
    # comparisons named in the sentence before, or by what each side brings
    ("I keep mixing up inter-school collaboration and interprofessional collaboration. Can you contrast them?", [],
     "comparison", ["partnerships between multiple schools", "teachers, social workers, and psychologists"]),
    # a list asked for by the things it holds, its relative clause not required of the documents
    ("What are the common models schools use to collaborate with other institutions?", [], "list",
     ["Inter-School Collaboration", "Full-Service Schools", "Building Blocks Framework"]),
    ("What kinds of things can community organizations actually bring to a school partnership?", [], "list",
     ["Resource Provision", "Program Development", "Networking Opportunities"]),
    # words that praise a kind do not narrow it; the bulleted list of a section over its paragraphs; "manifest in"
    ("What are the essential ingredients of a successful partnership?", [], "list",
     ["shared vision", "establishing trust among partners", "ongoing evaluation"]),
    ("What gets in the way of building good partnerships between schools and communities?", [], "list",
     ["Misalignment of goals and values.", "Resource limitations affecting partnership sustainability."]),
    ("What long-term benefits do these partnerships commonly show?", [], "list",
     ["enhanced educational experiences, increased resource availability, and stronger community ties"]),
    ("Denver or Philadelphia: who did the schools partner with in each case study?", [], "comparison",
     ["local non-profit organizations", "local businesses that offer mentorship programs"]),
    # words and names that must not stop an answer
    ("Where is the CCM used most?", [], None, ["United States"]),
    ("Under Resource Provision, what can community organizations offer schools?", [], None,
     ["financial aid, materials, and volunteers"]),
    ("What are the big future trends for school-community partnerships?", [], None, []),
    # lists asked for by "like the key ingredients", "the examples given", "how do they benefit", "a good partner"
    ("what makes a school community partnership actually succeed? like the key ingredients", [], "list",
     ["shared vision", "establishing trust among partners", "ongoing evaluation"]),
    ("Name the real-world examples given of partnerships that worked well.", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    ("Over the long run, how do these partnerships benefit students and their communities?", [], "list",
     ["enhancement of educational outcomes", "drive local development"]),
    ("what should a school do to be a good partner to community organizations?", [], "list",
     ["communicate their needs and objectives clearly", "prioritize inclusivity", "provide resources and support"]),
    # one group, not a list
    ("which students does it especially help?",
     ["What models of school collaboration exist?", "Which one involves professionals like social workers?"],
     "extract", ["particularly those with special needs"]),
    # comparisons: sides named through what they are compared on; an aspect against another; a side's list
    ("Compare the role parents play with the role of local governments and businesses in a partnership.", [],
     "comparison", ["advocating for student needs", "through funding and resources"]),
    ("I'm writing a grant report - can you weigh the benefits of school-community partnerships against the "
     "challenges?", [], "comparison", ["Key challenges include:", "Misalignment of goals and values."]),
    ("Collaborative Partnership Model versus the Building Blocks Framework: what sets them apart?", [], "comparison",
     ["emphasizes shared goals and responsibilities", "structured approach to collaboration"]),

    # the asker's day, role and nicknames are not what the documents must name
    ("Our board meets Tuesday and a trustee asked what actually makes a partnership succeed. Run me through the "
     "essential ingredients?", [], "list", ["shared vision", "ongoing evaluation"]),
    ("As a PTA chair, I'm curious how the role of parents compares with the role of community organisations in "
     "these partnerships.", [], "comparison", ["advocating for student needs", "offering support services"]),
    ("Set the Denver example side by side with the Philadelphia one - who partnered with whom?", [], "comparison",
     ["local non-profit organizations", "local businesses that offer mentorship programs"]),
    ("What did the Philly one actually do for the students?", ["What case studies of effective partnerships are "
     "mentioned?"], None, ["Philadelphia School District"]),
    ("We're about to launch a partnership with a local nonprofit. What could trip us up?", [], "list",
     ["Misalignment of goals and values."]),
    ("Which countries has that been observed in?", ["What does inter-school collaboration look like?"], None,
     ["United States, Canada, and Finland"]),
    # … and so does any short quote: what a thing does often follows the sentence that names it
    ("What does clarity about roles enhance in a partnership?", [], "extract",
     ["Clear roles and responsibilities", "enhances accountability and optimizes resource utilization"]),
    ("Our counsellors are swamped. How are schools and community partners working together on student mental "
     "health?", [], None,
     ["comprehensive mental health support", "psychological services", "supportive environment for all learners"]),
    # a model named in lower case, with another word for "model", is the documents' model of that name (the
    # New York "Community Schools" only where the question names the city)
    ("If our district went down the community schools route, what would students actually get access to?", [], None,
     ["Community Schools Model", "tutoring and mentorship", "recreational services"]),
    ("In a community schools setup, what kind of support do students get hooked up with beyond regular lessons?", [],
     None, ["tutoring and mentorship", "recreational services"]),
    ("How did New York City use the community schools approach?", [], None, ["implemented in New York City"]),
    # "concretely, how can …?", "Practically speaking, how can …?" ask how, as "how can …?" does
    ("concretely, how can a school support the community groups it partners with?", [], None,
     ["sharing space for community events"]),
    ("Concretely, how can a school back up its community partners? We have a gym and a bit of timetable flexibility.",
     [], None, ["sharing space for community events"]),
    ("Practically speaking, how can we gather input from families and neighbors about the partnership?", [], None,
     ["Surveys, community forums, and suggestion boxes"]),
    # what an organization "like mine" or "an outfit like ours" can add or offer: the organizations' contributions
    ("I run a small youth nonprofit. In what ways can organisations like mine add value when we partner with a local "
     "school?", [], "list", ["Resource Provision", "Program Development", "Cultural Awareness"]),
    ("I run a small neighborhood nonprofit. What could an outfit like ours realistically offer a school?", [], "list",
     ["Resource Provision", "Program Development", "Networking Opportunities"]),
    # a list item's label named in the question is that item, unless it is in the words of every passage; what
    # "kind of stuff" groups "donate or provide" are their contributions
    ("Resource provision from community orgs - what does that typically consist of?", [], None,
     ["financial aid, materials, and volunteers"]),
    ("I'm a policy student looking at where school-community partnerships are headed. What's trending?", [], None,
     ["technology integration"]),
    ("what kind of stuff can local community groups donate or provide to a school", [], "list",
     ["Resource Provision", "Program Development"]),
    # an everyday word in quotes is no name a list must speak of; collaboration setups are the models
    ("As a new principal I've been told I'll be 'leading' our partnerships with local orgs. What am I actually "
     "responsible for on the school side?", [], "list",
     ["communicate their needs and objectives clearly", "provide resources and support", "prioritize inclusivity"]),
    ("We're a small rural district looking at teaming up with neighbouring schools and a few local agencies. What "
     "sorts of collaboration setups do schools usually use with outside institutions?", [], "list",
     ["Inter-School Collaboration", "Full-Service Schools", "Interprofessional Collaboration"]),
    # what a model named in lower case brings is said of that model, not by a list that never names it
    ("We're approaching a few local companies. What does a public-private partnership model typically bring to the "
     "table?", [], None, ["leverages funding and resources from businesses"]),
    # wanting different things is having misaligned goals
    ("why do schools and community orgs so often end up wanting different things?", [], None,
     ["Diverse organizational cultures and priorities"]),
    # what marks a good partnership, in any word of the characteristics' family, is what it is characterized by
    ("what qualities set good partnerships apart from mediocre ones", [], None,
     ["characterized by mutual commitment, shared goals, and active participation"]),
    ("What traits do strong school-community partnerships have in common?", [], None,
     ["characterized by mutual commitment, shared goals, and active participation"]),
    # a sticking point is a problem, after the challenges too
    ("Why are resources such a sticking point?", ["What are the main challenges in building school-community "
                                                   "partnerships?"], None, ["operate with tight budgets"]),
    # what something is "mainly meant for" is no part of its name
    ("who is it mainly meant for?", ["What is interprofessional collaboration in schools?"], None,
     ["particularly those with special needs"]),
    # where a model was used is said where its name is: New York's "Community Schools", not the CCM's United States
    ("where has it actually been used?", ["What does the Community Schools Model involve?"], None,
     ["implemented in New York City"]),
    ("has it actually been used anywhere?", ["Can you explain the Community Schools Model?"], None,
     ["implemented in New York City"]),
    # results are benefits
    ("Superintendent here. If our schools collaborate well with outside institutions, what results should I expect "
     "to see?", [], None, ["improved student outcomes, enhanced teacher effectiveness"]),
    # a short answer to "why …?" runs on into the reason that follows it in its paragraph
    ("Why does active listening matter between partners?", [], "extract",
     ["Active listening is an important aspect", "encourages collaborative problem-solving"]),
    ("why is that one important?", ["What communication strategies help partnerships succeed?",
                                    "What about active listening?"], None, ["collaborative problem-solving"]),
    # "why" about a one-line bullet is answered, after the bullet, where the documents say more about it
    ("why are resources such a problem?", [], "extract",
     ["Resource limitations affecting partnership sustainability.", "operate with tight budgets"]),
    # an ordinal in words, and the item before the one the previous answer was about
    ("what does number three mean exactly?", ["What do community organizations contribute to school partnerships?"],
     None, ["cultural competency"]),
    ("and the one before that?", ["What frameworks exist for effective school-community partnership models?",
                                  "tell me more about the public-private one"], None,
     ["integrates resources of the school"]),
    ("Why is the push for equity and inclusive partnerships considered so important?", [], None, []),
    # a sentence that opens with "They" speaks of what the sentence before it named ("community organizations")
    ("how do community groups help schools create a more holistic learning environment", [], None,
     ["provide mentorship"]),
    # a follow-up's own word ("training") is what it asks about; the earlier question is its context
    ("What role does training play in that?", ["How do we keep a partnership sustainable over time?"], None,
     ["investing in training and capacity-building"]),
    # a definition asked for: the sentence that says what they are
    ("How would you define a school-community partnership in one sentence?", [], None,
     ["are collaborative arrangements between educational institutions"]),
    ("what exactly is a school-community partnership?", [], None,
     ["are collaborative arrangements between educational institutions"]),
    # the point of something: what it is searched for, and the reason that follows it quoted too
    ("What's the benefit of active listening between partners?", [], None,
     ["encourages collaborative problem-solving"]),
    ("What do you gain by spelling out who's responsible for what in a partnership?", [], None,
     ["enhances accountability"]),
    # a question that is a name the documents give, and a follow-up that is one
    ("What happened in Denver?", [], None, ["Denver Public Schools"]),
    ("and NYC?", ["give me examples of partnerships that worked", "what happened in Denver?"], None,
     ["integrating educational services with community resources"]),
    ("And local governments?", ["What role do parents play in school-community partnerships?"], None,
     ["enhance partnership efforts through funding and resources"]),
    # "which of those …?" after a list: the one item that fits ("the US" is the United States)
    ("which of those is mostly found in the US?", ["What are the common models of collaboration?"], None,
     ["Particularly prevalent in the United States"]),
    # a bare "why?": the quote before it with the rest of its paragraph, where the reason is
    ("why?", ["should schools involve diverse voices in decisions?"], None, ["schools can maximize participation"]),
    # a comparison side is quoted where a sentence is about it, not where one ends on its name
    ("Shared vision versus trust among partners - whats the difference between these two components?", [],
     "comparison", ["aligns the goals and objectives", "Transparent communication leads to a stronger bond"]),
    # a yes or no on an effect the documents do speak of is answered
    ("Do school-community partnerships increase volunteerism in the community?", [], None,
     ["increased volunteerism and civic engagement"]),
    # … said with "per the … bit", and a possessive before the plural asked for
    ("What are schools' responsibilities in a partnership, per the 'Schools’ Responsibilities' bit?", [], "list",
     ["communicate their needs and objectives clearly", "prioritize inclusivity"]),
    # the section a question names is where its answer is quoted from
    ("How do community organizations help schools, according to the section on stakeholder roles?", [], None,
     ["provide mentorship"]),
    # benefits named in a row in prose, where the only list near is a list of models
    ("What good actually comes out of schools collaborating with other institutions?", [], None,
     ["improved student outcomes, enhanced teacher effectiveness"]),
    # the sentence that opens with what the question is about ("Parents and families also serve …"), and a
    # follow-up's word in the form the documents use ("investment": "investing in training …")
    ("As a parent, what is my role in a school-community partnership?", [], None, ["advocating for student needs"]),
    ("What kind of investment does that take?", ["How can a school-community partnership stay sustainable over time?"],
     None, ["investing in training and capacity-building"]),
    # "ok and for X?" asks the earlier question for X, and "could it …?" with many words of its own still leans on
    # what was said
    ("ok and for parents?", ["who are the main stakeholders in a school partnership?"], None,
     ["boosts student motivation and engagement"]),
    ("could it work in our context or is it specific to one place?", ["whats the building blocks framework?"], None,
     ["adapted across different educational contexts"]),
    # after "which model …?", "it" is the model the answer named, not a word of the question ("the US")
    ("what is it trying to fix?", ["Which school collaboration model is most common in the US?"], None,
     ["address non-academic barriers to learning"]),
    # "which one would …?" picks the item whose paragraph says so
    ("which one would help a kid with ADHD the most?", ["can you list the collaboration models for schools and "
                                                        "institutions"], None, ["such as ADHD"]),
    # a short question with a pronoun that is fairly close only in words the documents do not use is read against
    # the conversation
    ("would it suit kids with special needs?", ["tell me about interprofessional collaboration"], None,
     ["particularly those with special needs"]),
    # comparisons asked after the situation, with "whats" or "those two challenges", or the asker's purpose last
    ("we have a local bank interested. public-private partnership or community collaboration model, whats the "
     "difference", [], "comparison", ["facilitates collaboration between schools and private organizations",
                                      "partnerships between schools and community organizations"]),
    ("resource limits or inconsistent engagement, how do those two challenges compare", [], "comparison",
     ["operate with tight budgets", "disparities in commitment and accountability"]),
    ("Could you contrast interprofessional collaboration with inter-school collaboration for my literature review?",
     [], "comparison", ["collaboration among various professionals", "Schools share resources, expertise"]),
    # a definition asked as "what counts as", soft skills as the documents' life skills, a high school as "our HS"
    ("quick definition pls - what counts as a school-community partnership?", [], None,
     ["collaborative arrangements between educational institutions and local organizations"]),
    ("will kids actually pick up soft skills from working with local groups?", [], None,
     ["such as teamwork and problem-solving"]),
    ("our HS cares about career readiness. philly model or the nyc community schools, which fits better?", [],
     "comparison", ["provides students with real-world experience",
                    "integrating educational services with community resources"]),
    ("Why is it so important that every partner knows exactly what they are responsible for?", [], None,
     ["enhances accountability and optimizes resource utilization"]),
    # lists asked for without a list noun
    ("principal here. what usually trips up school-community partnerships?", [], "list",
     ["Misalignment of goals and values", "Resource limitations affecting partnership sustainability"]),
    ("how would i even start evaluating whether our partnership works?", [], "list",
     ["Attendance and graduation rates", "Feedback from students, parents, and educators"]),
    # … and one that nothing is close to in its own words, answered by the list of the kind it asks for
    ("have any real districts actually pulled this off?", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    ("how would we know if our partnership with the rec center is actually working?", [], "list",
     ["Attendance and graduation rates", "Community involvement in school-related activities"]),
    ("What sort of obstacles is the CCM meant to tackle?", [], None, ["address non-academic barriers to learning"]),
    # a "how do …?" question whose best sentence leads into a list of models is answered by the list
    ("how do schools usually collaborate with outside institutions?", [], "list",
     ["Inter-School Collaboration", "Building Blocks Framework"]),
    ("Where is this whole field heading in the next few years?", [], "list",
     ["technology integration", "Mental health awareness"]),
    ("In practice, what shape do these collaborations between schools and local organisations tend to take?", [],
     None, ["mentorship programs, after-school activities, and resource sharing"]),
    ("Break down what a community group can actually donate or supply to a school.", [], "list",
     ["financial aid, materials, and volunteers", "Program Development"]),
    # "and for X?" after a question about several things: the paragraph that opens with X
    ("and for the wider community?", ["What long-term benefits do students get from school-community partnerships?"],
     None, ["Within communities, school-community partnerships can drive local development",
            "increased volunteerism and civic engagement"]),
    # a head noun narrowed by a word ("communication practices") is answered by a list of its kin ("strategies")
    # whose title holds the word …
    ("give me the communication practices that help keep partners aligned", [], "list",
     ["Establishing regular meetings", "Active listening", "creating platforms for feedback"]),
    # … and a list of the section a question names wins over one of another section
    ("What long-term payoffs do partnerships commonly produce, according to the section on assessing impact?", [],
     None, ["enhanced educational experiences, increased resource availability, and stronger community ties"]),
    # examples asked for are the case studies, each named
    ("Can you point me to some real-world examples of school-community partnerships that have worked well?", [],
     "list", ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    # "that one" after "the equity one": equity, the item the previous follow-up described
    ("why is that one considered so important?",
     ["What trends are shaping school-community partnerships going forward?", "Tell me more about the equity one."],
     None, ["addressing systemic disparities in education"]),
    # a why-question is not answered by a list's lead-in ("Key challenges include:") but by the reason
    ("why are resources such a problem for them?", ["What are the key challenges in building school-community "
                                                    "partnerships?"], "extract", ["operate with tight budgets"]),
    # "any of those …?" picks an item as "which of those" does, and a one-line item comes with what the documents
    # say more of it
    ("any of those specifically about communication?", ["What are the main challenges in building partnerships?"],
     None, ["Communication barriers among stakeholders.", "differing terminologies and expectations"]),
    # a side named early in its sentence once the linking word is set aside ("Equally crucial is establishing trust")
    ("Is building trust the same thing as having a shared vision, or are they separate components?", [],
     "comparison", ["Transparent communication leads to a stronger bond", "aligns the goals and objectives"]),
    # a question that finds nothing close on its own is read against the conversation before it
    ("ok who would be on that team exactly?", ["my daughter has ADHD, do schools ever get different staff to work "
                                               "together on kids like her?"], None, ["social workers"]),
    # a word that stresses the earlier question ("even") is no part of what a pronoun refers to
    ("who is that meant to help, just the kids?", ["what does a full service school even mean?"], None,
     ["students and their families"]),
    # "the one where X …" picks the one item whose paragraph names X
    ("tell me more about the one where businesses are involved", ["what are the main partnership frameworks "
                                                                   "between schools and community orgs?"],
     None, ["leverages funding and resources from businesses"]),
    # "what do community organizations bring to a school partnership?" asks for their contributions, a list
    ("can you explain the culture one a bit more", ["what do community organizations bring to a school "
                                                     "partnership?"], None, ["values and traditions"]),
    # "whats the point of X" runs on to the reason, as "what's the point of X" does
    ("whats the point of active listening between partners?", [], "extract", ["collaborative problem-solving"]),
    # places asked for as examples are the case studies
    ("can you point me to some real cities or districts where these partnerships worked?", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    # "a lack of resources" is about resources, which the documents cover
    ("Which is the bigger problem for partnerships: misaligned goals or lack of resources? how do they differ", [],
     "comparison", ["Diverse organizational cultures and priorities", "tight budgets"]),
    # chat idioms in the documents' words: wins are successes, the long haul the long term
    ("ok so how do we celebrate the wins with everyone?", ["What communication strategies help school-community "
                                                           "partnerships succeed?"], None,
     ["newsletters or community events"]),
    ("ok, and how do you keep everyone motivated over the long haul?", ["How should partners communicate with each "
                                                                        "other in a school-community partnership?"],
     None, ["newsletters or community events"]),
    # a question about an item picked by its number is answered from that item when it says
    ("Number four - who do those partnerships usually bring in?", ["Which models of school-institution "
                                                                    "collaboration are most common?"], None,
     ["local organizations, businesses, and social services"]),
    # a one-line bullet that answers a one-fact question comes with where the documents say more about it
    ("what causes communication barriers between partners", [], "extract",
     ["differing terminologies and expectations"]),
    # "who does what" is roles and responsibilities
    ("Why does it help to spell out who does what in a partnership?", [], "extract",
     ["enhances accountability and optimizes resource utilization"]),
    # "In simple terms, what is X?" asks for a definition
    ("In simple terms, what is a school-community partnership?", [], "extract",
     ["collaborative arrangements between educational institutions"]),
    # a side is not moved to a bare bullet that only names it ("Misalignment of goals and values.")
    ("Contrast misalignment of goals with inconsistent engagement as obstacles to partnership.", [], "comparison",
     ["Diverse organizational cultures and priorities", "disparities in commitment and accountability"]),
    # this round: follow-ups that point back in other words, lists asked as requests, comparisons after the asker's
    # own group, an item described in two words, a head noun no passage uses, a follow-up that asks one fact
    ("has anyone actually put that into practice?", ["what's the Community Schools Model?"], None, ["New York City"]),
    ("building on the previous answer, what about the community side?",
     ["What long-term benefits do students get from these partnerships?"], None,
     ["increased volunteerism and civic engagement"]),
    ("which students benefit most from those folks teaming up?",
     ["Which professionals work together in interprofessional collaboration?"], None,
     ["particularly those with special needs"]),
    ("the one you mentioned about businesses - what did students get out of it?",
     ["Give me some case studies of school-community partnerships"], None,
     ["real-world experience and professional development"]),
    ("Give me some concrete shapes these school-community collaborations can take", [], None,
     ["mentorship programs, after-school activities, and resource sharing"]),
    ("what numbers should a nonprofit coordinator track to show the partnership is paying off?", [], "list",
     ["Attendance and graduation rates"]),
    ("Can partnering with local companies help kids get ready for jobs?", [], None, ["career readiness"]),
    ("For our PTA, is it better to focus on really listening to people or on setting up ways to collect feedback?", [],
     "comparison", ["Surveys, community forums, and suggestion boxes"]),
    ("the mental health one - what does that involve?",
     ["What future trends are shaping school-community partnerships?"], None,
     ["integrating psychological services into partnerships"]),
    ("in a nutshell, what are the hallmarks of an effective partnership?", [], None,
     ["characterized by mutual commitment, shared goals, and active participation"]),
    ("who's involved in it?", ["Tell me about interprofessional collaboration."], None,
     ["teachers, social workers, and psychologists"]),
    ("what about for the wider community though?", ["What are the long-term benefits of partnerships for students?"],
     None, ["increased volunteerism and civic engagement"]),
    # this round: an abbreviation the documents define, a comparison whose sides come in the sentence before
    ("What is the CCM trying to tackle?", [], "extract", ["address non-academic barriers to learning"]),
    ("Denver and Philadelphia both came up as examples. How do those two partnerships differ?", [], "comparison",
     ["Denver Public Schools and local non-profit organizations", "local businesses that offer mentorship programs"]),
    ("and what do you do with those numbers over time?", ["how do you know if a school partnership is working?"],
     None, ["identification of trends"]),
    # a bare label that opens with what a follow-up asks about ("Student academic performance improvements.") says
    # nothing about it
    ("what did the students get out of it?", ["What's the Philadelphia example about?"], None,
     ["directly impacting their career readiness"]),
    # a name in the asker's situation that the question does not lean on
    ("Our PTA and the local rec center keep miscommunicating. What communication strategies help partnerships "
     "succeed?", [], "list", ["Active listening is an important aspect"]),
    ("Our district is launching a partnership with a local YMCA. What ingredients tend to make these partnerships "
     "succeed?", [], "list", ["shared vision", "establishing trust among partners"]),
    ("What tends to go wrong when schools team up with community groups?", [], "list",
     ["Misalignment of goals and values.", "Resource limitations affecting partnership sustainability."]),
    # the role of one group is not quoted from a sentence that opens with another ("Schools play a pivotal role …")
    ("What role do parents play in school-community partnerships?", [], "extract", ["advocating for student needs"]),
    # a sentence after the question that says what the answer is for names nothing the documents must cover
    ("What are the usual ways schools team up with other institutions? I need a quick overview for a staff PD day.",
     [], "list", ["Full-Service Schools", "Interprofessional Collaboration"]),
    # tips are strategies; getting the trust bit right is making trust work; kids' mental health is students'
    ("Give me some communication tips to keep our partnership with the council on track.", [], "list",
     ["Active listening"]),
    ("how do we get the trust bit right?", ["What makes school-community partnerships successful?"], None,
     ["Transparent communication leads to a stronger bond"]),
    ("Does kids' mental health affect how they do in class?", [], None, ["mental wellness on students"]),
    # "… more useful?" is not part of a side, and achievement numbers are achievement data
    ("Are achievement numbers or surveys more useful for judging our partnership?", [], "comparison",
     ["achievement numbers: Common metrics include academic achievement data", "surveys: Additionally, surveys"]),
    # why what was just said matters, or what it does for someone: the quote with the rest of its paragraph
    ("and does that really make a difference for the kids?", ["What role do parents play in school-community "
                                                              "partnerships?"], None,
     ["boosts student motivation and engagement"]),
    ("ok how does that help the students later on?", ["Tell me about the Philadelphia example."], None,
     ["directly impacting their career readiness"]),
    ("why bother, what's the payoff?", ["Who should schools bring into decision-making?"], None,
     ["schools can maximize participation"]),
    # why partnerships matter, asked again in a second sentence: where the documents say what they are for
    ("Why even explore partnership models? What are they supposed to achieve?", [], "extract",
     ["essential for fostering academic achievement"]),
    ("what main aims do partnerships serve? like the big three goals", [], "extract",
     ["essential for fostering academic achievement"]),
    # "in the first place" points at no list item
    ("so what's the point of these partnerships in the first place?", ["What are the common models of collaboration?"],
     "extract", ["essential for fostering academic achievement"]),
    # a bullet that only names a thing ("Feedback from students, parents, and educators.") says nothing of how
    ("how can we collect feedback from families?", [], "extract", ["Surveys, community forums, and suggestion boxes"]),
    # keeping a partnership alive is sustaining it
    ("How can we keep the partnership alive for years instead of having it fizzle after the first grant?", [], "list",
     ["continuous dialogue", "investing in training and capacity-building"]),
    # sides asked as "what role do X play", as "the X side", or followed by ", how are they different?"
    ("What role do parents play compared with local governments and businesses?", [], "comparison",
     ["advocating for student needs", "enhance partnership efforts through funding and resources"]),
    ("Which future trend matters more to us: the tech side or the mental health side?", [], "comparison",
     ["digital communication tools", "comprehensive mental health support"]),
    ("The Building Blocks Framework versus the Collaborative Partnership Model, how are they different?", [],
     "comparison", ["essential steps and constructs", "emphasizes shared goals and responsibilities"]),
    # what something leads to runs on to the sentences after the one that names it
    ("What does really listening to the other partners lead to?", [], "extract",
     ["encourages collaborative problem-solving"]),
    # … and is not answered with a bullet that only names the thing ("Community involvement in school-related …")
    ("does parent involvement really affect how kids do?", [], "extract", ["boosts student motivation"]),
    # "real-life" praises the examples asked for; it does not narrow them to a kind the documents never list
    ("any real-life examples of school districts doing partnerships well?", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    ("could you point me to some real world examples where these partnerships worked?", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    # "what shapes can X take?" asks the forms X takes
    ("What shapes can a partnership with a local business take in practice?", [], None,
     ["mentorship programs, after-school activities, and resource sharing"]),
    # what help community organizations can give is their contributions
    ("What practical help can community organizations give a school?", [], "list",
     ["Resource Provision", "Program Development"]),
    # what partnerships give a school, and what students and the community gain, are the benefits
    ("what do partnerships usually give a school?", [], "list",
     ["One significant impact is the enhancement of educational outcomes"]),
    ("what do students and the local community get out of these partnerships?", [], "list",
     ["development of social and emotional skills", "Within communities"]),
    # places asked for "as examples" are the case studies
    ("Any real districts or towns I could show our board as examples?", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    # a compound of plain words whose words stand apart in the documents is not there ("social", "impact", "bond")
    ("Would a public-private partnership or a social impact bond be a better way to pay for tutoring?", [],
     "comparison", ["The documents do not cover social impact bond"]),
    # the nuts and bolts of something are its components; a topic word may stand before "tips"
    ("What are the nuts and bolts of good communication with our partners?", [], "list",
     ["Establishing regular meetings"]),
    ("Communication tips for keeping our partnership with the library on track?", [], "list", ["Active listening"]),
    # who tends to be involved asks for the stakeholders; in what ways groups like mine can help, for contributions
    ("Who tends to be involved in school-community partnerships?", [], "list", ["Parents and families"]),
    ("I run a youth charity. In what ways can groups like ours help a school?", [], "list",
     ["Resource Provision", "Program Development"]),
    # what something achieves runs on to the sentence that says it
    ("What does active listening actually achieve?", [], "extract", ["encourages collaborative problem-solving"]),
    # a side asked as "what's the school's job", after where it is asked ("In a partnership, …")
    ("In a partnership, what's the school's job vs the parents' job?", [], "comparison",
     ["providing educational resources", "advocating for student needs"]),
    # what the wider community gets is its benefits
    ("and what does the wider community get?", ["What are the long-term benefits for students?"], "list",
     ["Within communities"]),
    # upsides are benefits, drawbacks challenges; "lasting" does not narrow them; a short clause may open the question
    ("Beyond test scores, what are the lasting upsides of these partnerships?", [], "list",
     ["enhancement of educational outcomes", "social and emotional skills"]),
    ("What long-term gains show up when you evaluate these partnerships?", [], "list",
     ["increased resource availability"]),
    ("what are the drawbacks of school-community partnerships?", [], "list", ["Misalignment of goals"]),
    # a name that only says what a choice is for is no side the documents must mention ("STEM")
    ("Community Schools Model or Public-Private Partnership Model: which works better if we want a local bank to "
     "sponsor a STEM club?", [], "comparison", ["between schools and private organizations"]),
    # "the same idea as" compares; "not enough resources" is a lack of resources
    ("Is the Building Blocks Framework the same idea as the Community Collaboration Model?", [], "comparison",
     ["structured approach to collaboration", "non-academic barriers"]),
    ("Which is the bigger problem: misaligned goals or not enough resources?", [], "comparison",
     ["misalignment in goals", "tight budgets"]),
    # names joined by "and" are each in the documents; "what was different about X and Y" compares them
    ("What were the results in the Denver, Philly and NYC partnership examples?", [], None, ["Philadelphia"]),
    ("What was different about the Denver and Philadelphia partnership examples?", [], "comparison",
     ["Denver Public Schools", "Philadelphia School District"]),
    # which kinds of thing one would recommend asks for the options the documents describe, not for a pick
    ("Which frameworks would you recommend for structuring our partnership with a local charity?", [], "list",
     ["Collaborative Partnership Model", "Community Schools Model"]),
    # what goes into a partnership succeeding, and what makes one hold up, are its components
    ("What goes into making a partnership with a local museum succeed?", [], "list",
     ["shared vision", "Clear roles and responsibilities"]),
    ("We are about to sign an agreement with a charity. What makes these arrangements hold up?", [], "list",
     ["shared vision", "Clear roles and responsibilities"]),
    # a topic said first and then asked about as "they" is asked about by name
    ("Parents - what role do they play in all this?", [], None, ["advocating for student needs"]),
    # what local governments and businesses bring is said of them, not in the community organizations' list
    ("what do local govts and businesses bring to a school partnership?", [], None,
     ["local governments and businesses can enhance partnership efforts"]),
    # making a partnership last, or keeping it going past the first year, is sustaining it
    ("How do we make our partnership with the library last instead of fizzling out?", [], "list",
     ["continuous dialogue"]),
    ("how do we keep a partnership going past the first year once the excitement wears off?", [], "list",
     ["continuous dialogue"]),
    # why bother, followed by why it is asked, or written with a dash for the hyphen: why partnerships matter
    ("Why bother with school–community partnerships at all? My head teacher asked me.", [], "extract",
     ["essential for fostering academic achievement"]),
    # places where a partnership has been shown to work are the case studies
    ("Are there any real towns or cities where a school/community partnership has been shown to work?", [], "list",
     ["Denver Public Schools", "Philadelphia School District"]),
    # schools that partner with other schools are in inter-school collaboration; with other schools and agencies, in
    # every model
    ("When schools partner with other schools, what do they share?", [], None,
     ["Schools share resources, expertise, and best practices"]),
    ("What are the ways schools team up with other schools, agencies and institutions?", [], "list",
     ["Inter-School Collaboration", "Full-Service Schools"]),
    # "should we go with X or Y if …?" compares X and Y; with "just tell me which to pick" it asks for a pick
    ("Should we go with the Collaborative Partnership Model or the Building Blocks Framework if we want structure?", [],
     "comparison", ["emphasizes shared goals and responsibilities", "structured approach to collaboration"]),
    # examples of partnerships are the case studies, and "the second one" after them is the second case study
    ("what did the second one do for the students?", ["any real-world examples of school community partnerships "
                                                      "working?"], None, ["career readiness"]),
    # "break down what <a name> is meant to do" asks about that one thing: its whole item
    ("Can you break down what the Building Blocks Framework is meant to do?", [], "extract",
     ["structured approach to collaboration", "universal model"]),
    # three places' partnerships named together are the case studies
    ("What did the Denver, Philadelphia and New York partnerships each achieve?", [], "list",
     ["Denver Public Schools", "Philadelphia School District", "New York City"]),
    # "programmes" is found where the documents write "programs": the question is answered
    ("What sort of programmes do community organisations run for schools?", [], None, []),
    # what metrics are meant to gauge, or which impact areas they capture, is where the documents say what the
    # indicators gauge; which metrics to use is still the list of metrics
    ("What are partnership metrics actually supposed to gauge?", [], None,
     ["student performance, community engagement, and resource utilization"]),
    ("Evaluation metrics are supposed to show impact on what areas exactly?", [], None,
     ["student performance, community engagement, and resource utilization"]),
    ("What metrics would you use to evaluate a partnership's impact?", [], "list",
     ["Student academic performance improvements"]),
    # who a school works with, once the question has named the school, is who school-community partnerships involve
    ("When a school builds community partnerships, who do they usually work with outside the school gates?", [], None,
     ["local organizations, businesses, and social services"]),
    ("Once a school reaches out to the wider community, who is it usually partnering with?", [], None,
     ["local organizations, businesses, and social services"]),
    # what collaboration gets a school is what the documents say it can lead to
    ("Our governors keep asking what collaboration actually gets us. What results can we show them?", [], None,
     ["enhanced teacher effectiveness"]),
    ("what's the payoff when schools collaborate with institutions?", [], None, ["enhanced teacher effectiveness"]),
    # a topic that opened the question is not a name when it is moved into it ("Equity-focused")
    ("Equity-focused partnerships - what do they look like in practice?", [], None, ["emphasis on equity"]),
    # a request that opens with "examples of" asks for several
    ("concrete examples of school-community partnerships that made a difference?", [], "list",
     ["Denver Public Schools", "Philadelphia School District"]),
    # "walk me through how X works" asks how that one thing works
    ("Could you walk me through how the Public-Private Partnership Model works?", [], "extract",
     ["leverages funding and resources from businesses"]),
    # a partnership set apart from one of its own kind ("one that only exists on paper") asks what characterizes it
    ("What distinguishes a strong partnership from one that's only a signature on a form?", [], "extract",
     ["characterized by mutual commitment"]),
    ("How do you tell an effective collaboration from a box-ticking one?", [], "extract",
     ["characterized by mutual commitment"]),
    # sides named in one piece of the question, and spoken of as "they" or "the two approaches" in another
    ("Response to Intervention or the Community Schools Model: how do they stack up against each other?", [],
     "comparison", ["The documents do not cover Response to Intervention", "integrates resources of the school"]),
    ("We're weighing two options: full-service schools or the Community Collaboration Model. What's the difference?",
     [], "comparison", ["integrates various services", "non-academic barriers"]),
    # where to put a district's energy, between two things, compares them
    ("Should our district put its energy into full-service schools or into partnerships with businesses and social "
     "services?", [],
     "comparison", ["integrates various services", "collaboration with local organizations"]),
    # more students finishing school is a higher graduation rate
    ("Would a partnership like this get more students to complete high school?", [], None,
     ["promotes higher graduation rates"]),
    # after "which countries have used X?", "it" is X, not the countries
    ("and what do schools share in it?", ["Which countries have adopted inter-school collaboration?"], None,
     ["Schools share resources, expertise, and best practices"]),
    # "besides" says nothing of its own, and the earlier question is read written out ("NYC" is New York City)
    ("and what did it do besides academics?", ["Tell me about the NYC case study."], None,
     ["social and emotional wellbeing"]),
    # money as a problem is a lack of resources; putting money into something is investing in it
    ("why is money such a big problem there?", ["What are the biggest challenges in school partnerships?"], None,
     ["operate with tight budgets"]),
    ("and the money side?", ["What are the biggest challenges in school partnerships?"], None,
     ["Resource limitations"]),
    # "most" says nothing of its own: "which students does that help the most?" refers back
    ("which students does that help the most?", ["Explain interprofessional collaboration."], None,
     ["special needs, such as ADHD"]),
    # different settings are the documents' different contexts, and one-size-fits-all a universal model
    ("does it fit every setting or just one?", ["Describe the Building Blocks Framework."], None,
     ["adapted across different educational contexts"]),
    # keeping a school partnership going is sustaining a partnership: the paragraphs on sustaining them
    ("How do we keep a school partnership alive over the long term instead of letting it fizzle?", [], "list",
     ["continuous dialogue"]),
]


@pytest.mark.parametrize(("question", "history", "kind", "phrases"), QUOTED)
def test_answers_quote_what_the_question_asks_for(model_index, question, history, kind, phrases):
    answer = model_index.answer(question, history=history or None)
    assert answer.text is not None, answer.reason
    assert kind is None or answer.kind == kind
    for phrase in phrases:
        assert phrase in answer.text


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("In what year did the Philadelphia School District partnership start?", "the passages found give no date"),
        ("What year did New York City launch its Community Schools initiative?", "the passages found give no date"),
        ("Who developed the Building Blocks Framework?", "the passages found give no name"),
        ("How many community schools currently operate in New York City?", "the passages found give no number"),
    ],
)
def test_a_date_or_a_name_the_documents_do_not_give_is_not_answered(model_index, question, reason):
    answer = model_index.answer(question)
    assert answer.text is None and answer.reason == reason


QA_PAGE = "common-models-of-collaboration.md"


@pytest.mark.parametrize(
    "question",
    [
        "What outcomes does the Q&A say partnerships can lead to?",
        "According to the piece on collaboration models, what can partnerships ultimately lead to?",
        "According to the collaboration-models page, what can come out of partnerships overall?",
    ],
)
def test_a_question_that_names_its_document_is_answered_from_it(model_index, question):
    answer = model_index.answer(question)
    assert answer.text is not None, answer.reason
    assert "improved student outcomes" in answer.text
    assert model_index.passage(answer.passage_id).doc_id == QA_PAGE
    assert answer.question == question  # the words that say where are dropped from the search only


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("According to QuickTakes, what do schools need to foster between partners to create a supportive "
         "environment?", [], "By fostering trust and shared goals among partners"),
        ("what are the main models of collaboration that the QuickTakes answer lists?", [], "Full-Service Schools"),
        ("tell me more about the third one", ["what models of collaboration does the QuickTakes answer list?"],
         "integrates various services within the school setting"),
    ],
)
def test_a_question_may_name_a_document_by_its_author(model_index, question, history, expected):
    # the Q&A page's front matter says "author: QuickTakes"; the name is where to look, not what is asked about
    answer = model_index.answer(question, history=history)
    assert answer.text is not None, answer.reason
    assert expected in answer.text
    assert {model_index.passage(part.passage_id).doc_id for part in answer.parts} == {QA_PAGE}
    assert answer.question == question


def test_an_author_outside_the_filter_is_not_searched(model_index):
    article = [d for d in model_index.documents if d != QA_PAGE]
    answer = model_index.answer("According to QuickTakes, what are the models?", documents=article)
    assert answer.text is None  # the filter allows the article only, and QuickTakes did not write it


def test_a_named_document_outside_the_filter_does_not_widen_it(model_index):
    article = [d for d in model_index.documents if d != QA_PAGE]
    answer = model_index.answer("According to the Q&A, what can partnerships lead to?", documents=article)
    assert all(hit.passage.doc_id in article for hit in answer.hits)


def test_a_document_named_by_small_words_only_leaves_the_search_as_it_was(model_index):
    # "the page on it" describes no document: every document is searched, and nothing fails
    answer = model_index.answer("What models are there, according to the page on it?")
    assert answer.text is not None, answer.reason
    assert answer.kind == "list"


def test_a_sentence_naming_the_kind_before_its_series_is_the_inline_list_quoted(model_index):
    # "Long-term benefits of such partnerships commonly manifest in A, B, and C" names the benefits; a sentence of
    # metrics that only mentions outcomes does not
    answer = model_index.answer("whats the payoff long term if we stick with this partnership for years")
    assert answer.kind == "list"
    assert "enhanced educational experiences, increased resource availability" in answer.text
    assert "Common metrics include" not in answer.text


def test_who_is_asking_is_not_what_the_question_is_about(model_index):
    answer = model_index.answer("hi, I'm on our PTA and we're trying to figure out what kinds of collaboration setups "
                                "exist between schools and outside institutions. what options are out there?")
    assert answer.kind == "list", answer.reason
    assert "Full-Service Schools" in answer.text
    assert model_index.answer("How do we set up a parent-teacher association?").text is None


def test_a_capital_that_opens_a_sentence_is_no_name_the_documents_lack(model_index):
    answer = model_index.answer("Are there any real districts or cities that pulled this off well? Would love some "
                                "examples to show our superintendent.")
    assert answer.kind == "list", answer.reason
    assert "Denver" in answer.text and "Philadelphia" in answer.text



def test_a_side_in_other_words_is_answered_and_a_side_the_documents_lack_is_not(model_index):
    answer = model_index.answer("How does the Philadelphia business mentoring compare to Big Brothers Big Sisters?")
    assert answer.kind == "comparison", answer.reason
    mentoring, other = answer.parts
    assert "Philadelphia School District and local businesses that offer mentorship" in mentoring.text
    assert other.passage_id is None and "do not cover Big Brothers Big Sisters" in other.text
    # a side whose distinctive word the documents never use is not found in other words
    charter = model_index.answer("How does the Community Schools Model stack up against the charter school model?")
    assert charter.parts[-1].passage_id is None


def test_a_side_named_by_a_stand_in_word_is_the_model_of_that_name(model_index):
    answer = model_index.answer("Is the collaborative partnership approach basically the same as the community "
                                "schools one?")
    assert answer.kind == "comparison", answer.reason
    collaborative, community = answer.parts
    assert "Collaborative Partnership Model, which emphasizes shared goals" in collaborative.text
    assert "Community Schools Model, which integrates resources" in community.text


def test_a_word_documents_hyphenate_is_found_in_either_spelling(model_index):
    answer = model_index.answer("what does a local business bring compared to a nonprofit?")
    assert answer.kind == "comparison", answer.reason
    assert all(part.passage_id is not None for part in answer.parts)


def test_a_side_in_a_word_of_the_same_family_is_found_by_the_documents_word(model_index):
    # "communication problems" are the documents' communication barriers; "community groups" their community
    # organizations
    answer = model_index.answer("Which is the bigger headache in these partnerships, communication problems or lack "
                                "of resources?")
    assert answer.kind == "comparison", answer.reason
    assert "Communication barriers, including differing terminologies" in answer.parts[0].text
    groups = model_index.answer("What's the difference between what community groups do and what parents do?")
    assert "community organizations" in groups.parts[0].text.lower()
    assert "Networking Opportunities" not in groups.parts[0].text


def test_has_anyone_done_that_reads_the_earlier_subject(model_index):
    answer = model_index.answer("has any big city actually done that?",
                                history=["What is the Community Schools model?"])
    assert answer.text is not None, answer.reason
    assert "New York City" in answer.text


def test_a_longer_question_pointing_back_with_it_reads_the_earlier_subject(model_index):
    history = ["What does the Building Blocks Framework do?"]
    answer = model_index.answer("can it be used in different kinds of schools or is it one-size?", history=history)
    assert answer.text is not None, answer.reason
    assert "adapted across different educational contexts" in answer.text
    # a long question that names its own unknown subject is not read against the conversation
    assert model_index.answer("What do these materials say about dual enrollment agreements between high schools "
                              "and community colleges?", history=history).text is None


def test_a_sentence_naming_the_kind_before_its_things_is_quoted_from_any_hit(model_index):
    answer = model_index.answer("What do these school and community collaborations look like in practice?")
    assert answer.text is not None, answer.reason
    assert "mentorship programs, after-school activities, and resource sharing" in answer.text


def test_what_a_school_gives_back_to_its_partners_is_quoted_from_what_schools_provide_them(model_index):
    for question in ("We keep asking partners for things. What can our school give back to them in return?",
                     "New teacher here. What is my school supposed to do to support the community groups we partner "
                     "with?"):
        answer = model_index.answer(question)
        assert "sharing space for community events" in answer.text, question
    marks = model_index.answer("What marks an effective partnership, as opposed to one that exists only on paper?")
    assert "characterized by mutual commitment, shared goals, and active participation" in marks.text


def test_and_for_the_wider_town_after_the_benefits_for_students_quotes_the_benefits_for_communities(model_index):
    students = "what are the long term benefits for students?"
    answer = model_index.answer("and for the wider town?", history=[students])
    assert answer.followup_of == students
    # (the paragraphs on what communities gain, as a list)
    assert answer.text.lstrip("• ").startswith("Within communities, school-community partnerships can drive local")


def test_how_often_is_answered_by_regular_meetings_unless_the_question_names_periods(model_index):
    owe = "What does a school owe its community partners?"
    answer = model_index.answer("and how often should they be meeting with us?", history=[owe])
    assert "facilitate regular meetings to ensure alignment" in answer.text
    assert model_index.answer("How often should partnership meetings be held - monthly or quarterly?").text is None


def test_ways_to_collect_feedback_and_the_numbers_to_look_at_are_answered_with_what_the_documents_list(model_index):
    feedback = model_index.answer("ways to collect feedback from families and partners?")
    assert feedback.kind == "list"
    assert "Surveys, community forums, and suggestion boxes" in feedback.text
    numbers = model_index.answer("What numbers should our board look at to judge the partnership? Test scores only?")
    assert numbers.kind == "list"
    assert "Attendance and graduation rates." in numbers.text
    tracked = model_index.answer("why track the numbers over several years instead of once?")
    assert tracked.text.startswith("Long-term tracking of these metrics allows for the identification of trends")


def test_the_services_a_model_connects_students_to_are_named_by_the_series_that_ends_in_services(model_index):
    answer = model_index.answer("What services does a community school connect kids with?")
    assert "connecting them to health, social, and recreational services" in answer.text


def test_a_party_stressed_with_itself_is_answered_by_what_it_does_not_by_what_its_partners_do(model_index):
    answer = model_index.answer("What does a school itself bring to a partnership with the community?")
    assert answer.text.startswith("Schools play a pivotal role")


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("I volunteer with a youth club - how do groups like ours typically help schools?", "mobilize volunteers"),
        # "Community organizations contribute by … They often provide mentorship, enrich curricula …, and mobilize
        # volunteers": the bullets of their contributions, and the prose series that leans back on the sentence
        # naming the kind
        ("parent here - what do community groups actually do for kids in these arrangements?",
         "enrich curricula with real-world experiences, and mobilize volunteers"),
    ],
)
def test_how_community_groups_help_is_answered_with_what_they_contribute(model_index, question, phrase):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    assert "Resource Provision" in [part.label for part in answer.parts]
    assert phrase in answer.text


def test_how_to_keep_a_partnership_going_is_answered_with_the_paragraphs_of_the_section_on_sustaining_it(model_index):
    answer = model_index.answer("how do we keep a partnership going long-term?")
    assert answer.kind == "list"
    assert "To achieve sustainability, stakeholders must engage in continuous dialogue" in answer.text
    assert "investing in training and capacity-building" in answer.text
    # (a follow-up asks how to do what it says itself, not what the earlier question's subject names)
    handled = model_index.answer("and how should they handle decision-making?",
                                 history=["What are schools responsible for in a community partnership?"])
    assert handled.text.startswith("In addition, schools must prioritize inclusivity")


def test_kids_are_the_students_of_the_documents_when_checking_what_they_mention(model_index):
    answer = model_index.answer("which kids does the interprofessional approach especially help?")
    assert "particularly those with special needs" in answer.text
    # (what the documents do not mention is still missing, whoever it is for)
    assert model_index.answer("Which vaccinations do kids need before joining a community school?").text is None


def test_a_list_asked_of_prose_quotes_a_sentence_naming_several_things_within_a_wider_margin(model_index):
    areas = model_index.answer("metrics help us gauge impact on what areas exactly?")
    assert "student performance, community engagement, and resource utilization" in areas.text
    # … but not one that drops the kind of thing the best sentence names, nor one of another paragraph when the best
    # sentence's own paragraph names several things
    skills = model_index.answer("Which life skills do students pick up through partnerships over time?")
    assert "cultivate essential life skills" in skills.text
    back = model_index.answer("what concrete things can a school offer back to the community groups it partners with?")
    assert "sharing space for community events" in back.text


@pytest.mark.parametrize(("question", "first", "second"), [
    # "schools partnering with other schools" is inter-school collaboration
    ("what's the difference between schools partnering with other schools and the community collaboration model?",
     "partnerships between multiple schools", "non-academic barriers to learning"),
    # "what the school itself is supposed to do" is a side named schools
    ("compare what the school itself is supposed to do vs what local government and businesses do",
     "Schools play a pivotal role by providing educational resources", "through funding and resources"),
    # "my role" after "As a parent," is the parents'
    ("As a parent, how is my role in a partnership different from what a community organization does?",
     "advocating for student needs", "offering support services, resources, and expertise"),
])
def test_sides_written_as_what_a_party_does_are_answered_for_that_party(model_index, question, first, second):
    answer = model_index.answer(question)
    assert answer.kind == "comparison"
    assert first in answer.parts[0].text
    assert second in answer.parts[1].text


def test_the_different_ways_schools_team_up_are_answered_with_the_models(model_index):
    answer = model_index.answer("what are the different ways schools team up with outside groups? like the main "
                                "setups people use")
    assert answer.kind == "list"
    assert [p.label for p in answer.parts][:3] == [
        "Inter-School Collaboration", "Community Collaboration Model (CCM)", "Full-Service Schools"]



def test_a_message_that_opens_with_what_it_asks_for_or_writes_school_slash_community_is_answered(model_index):
    hallmarks = model_index.answer("hallmarks of a partnership that's working well?")
    assert "characterized by mutual commitment, shared goals, and active participation" in hallmarks.text
    examples = model_index.answer("got any real-world examples of school/community partnerships that worked?")
    assert all(place in examples.text for place in ("Denver Public Schools", "Philadelphia School District",
                                                    "New York City"))


def test_why_bother_with_partnerships_is_answered_with_what_the_documents_say_they_are_for(model_index):
    answer = model_index.answer("why should a school even bother with community partnerships?")
    assert "fostering academic achievement, enhancing student well-being, and promoting community engagement" in (
        answer.text)


def test_why_every_partner_should_know_their_role_is_answered_with_what_clear_roles_do(model_index):
    answer = model_index.answer("Why does it matter that every partner knows their role?")
    assert "This clarity enhances accountability and optimizes resource utilization" in answer.text


def test_getting_having_or_a_healthy_thing_is_about_the_thing_when_checking_what_the_documents_mention(model_index):
    answer = model_index.answer("Does getting families involved actually help the kids?")
    assert answer.text is not None and "do not mention" not in (answer.reason or "")
    # (… and a healthy or strong partnership is a partnership, as a good or an effective one is)
    assert model_index.answer("what does a healthy partnership look like?").text is not None
    # (what the documents do not mention is still missing, however it is got)
    assert model_index.answer("How do we go about getting a Title I grant for our partnership?").text is None


def test_an_item_named_by_place_is_asked_about_as_one_thing(model_index):
    # "Community Schools", the item's name, is plural: the follow-up still asks about that one case study
    answer = model_index.answer("the New York one - what made it stand out?",
                                history=["Are there case studies of partnerships that worked?"])
    assert answer.kind == "extract"
    assert 'the "Community Schools" model implemented in New York City' in answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What does spelling out everyone's role actually do for a partnership?",
         "Clear roles and responsibilities contribute significantly"),
        ("give me a couple of strategies for communication", "Active listening"),
        ("Give me a few concrete shapes a partnership might take day to day.",
         "mentorship programs, after-school activities, and resource sharing"),
    ],
)
def test_everyday_wordings_of_what_the_documents_name(model_index, question, expected):
    answer = model_index.answer(question)
    assert answer.text is not None, answer.reason
    assert expected in answer.text


def test_asked_where_a_model_is_used_the_sentence_naming_places_is_quoted(model_index):
    answer = model_index.answer("where has it been used?", history=["What's the Inter-School Collaboration model?"])
    assert "including the United States, Canada, and Finland" in answer.text
    # … and the city whose school system worked with charities is Denver, not the other case that names a city
    answer = model_index.answer("Which city's school system teamed up with charities to get better results for pupils?")
    assert "Denver Public Schools and local non-profit organizations" in answer.text


@pytest.mark.parametrize("question", ["who typically gets involved in these collaborations?",
                                      "who normally gets involved when a school partners with the community?"])
def test_the_kind_named_before_a_series_in_another_passage_joins_the_list(model_index, question):
    # the stakeholders' roles are found; "a variety of stakeholders, including …" sits in a passage of its own
    answer = model_index.answer(question)
    assert answer.kind == "list"
    assert "Parents and families also serve as vital stakeholders" in answer.text
    assert "including teachers, parents, local businesses, and non-profit organizations" in answer.text


def test_a_school_system_named_in_lower_case_must_be_in_the_documents(model_index):
    answer = model_index.answer("how did chicago public schools set up their community partnerships?")
    assert answer.text is None
    assert "chicago public schools" in answer.reason
    # words that say what kind of school system, not which, are no name
    for question in ("how do local public schools set up partnerships?",
                     "how do rural public schools partner with the community?"):
        answer = model_index.answer(question)
        assert answer.text is not None, (question, answer.reason)


def test_what_a_thing_does_for_a_partnership_is_answered_with_its_effect(model_index):
    # the clear-roles paragraph says what the clarity does in its third sentence
    answer = model_index.answer("What does spelling out everyone's role actually do for a partnership?")
    assert "This clarity enhances accountability and optimizes resource utilization." in answer.text


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        # a series after "whether they involve" names the kind just before it
        ("When roles get divided up between partners, what kinds of contributions might someone be responsible for?",
         ["whether they involve resource provision, program implementation, or student support"]),
        # "Ultimately, a genuine commitment … By prioritizing collaborative strategies and focusing on mutual
        # interests, …": a paragraph that sums up and then says how gives its how
        ("how do we keep a partnership alive for the long haul instead of it fizzling out after a year?",
         ["By prioritizing collaborative strategies and focusing on mutual interests",
          "engage in continuous dialogue"]),
        # the long run is the long term, the underlying reasons are the challenges, the key players the stakeholders
        ("What are the long-run payoffs of these partnerships, both for pupils and for the wider community?",
         ["enhancement of educational outcomes", "social and emotional skills", "drive local development"]),
        ("What are the underlying reasons partnerships struggle — culture, language, money, staffing?",
         ["Diverse organizational cultures and priorities", "tight budgets", "staff shortages"]),
        ("Help me understand who does what in a school–community partnership. I need the key players and their roles.",
         ["Schools play a pivotal role", "Community organizations contribute", "Parents and families"]),
    ],
)
def test_list_answers_name_what_is_asked_for_and_what_the_documents_say_in_passing(model_index, question, phrases):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    for phrase in phrases:
        assert phrase in answer.text


@pytest.mark.parametrize("question", [
    "What tools could we use to gather input from parents and community partners about how things are going?",
    "As a librarian I want to hear back from our partners regularly - what could I use to gather their input?",
])
def test_input_gathered_and_hearing_back_are_feedback(model_index, question):
    answer = model_index.answer(question)
    assert "Surveys, community forums, and suggestion boxes" in answer.text


@pytest.mark.parametrize(("question", "phrase"), [
    ("What should we be measuring to see if our partnership is paying off?", "Attendance and graduation rates"),
    ("Why should partners bother really listening to each other?", "encourages collaborative problem-solving"),
    ("Is there any point putting our partnership wins in the school newsletter?",
     "Highlighting achievements through newsletters"),
    ("Is NYC's community schools approach basically the same as a full-service school?",
     "integrating educational services with community resources"),
])
def test_what_to_measure_the_point_of_doing_something_and_a_city_written_short(model_index, question, phrase):
    assert phrase in model_index.answer(question).text


@pytest.mark.parametrize(("question", "phrases"), [
    ("What's at the heart of a successful partnership, the one thing everything else lines up behind?",
     ["Central to these partnerships is a shared vision"]),
    ("What's the foundation that holds school-community partnerships together?",
     ["Effective communication strategies serve as the backbone"]),
    ("What are the basic building blocks of good communication in a partnership - meetings, online tools...?",
     ["Establishing regular meetings, utilizing digital platforms"]),
    ("What are equity-minded partnerships trying to do about marginalised groups?",
     ["actively seek to involve underrepresented communities"]),
    ("who does what in a school-community partnership? like schools vs community groups vs parents etc",
     ["Schools play a pivotal role", "Community organizations contribute", "Parents and families"]),
])
def test_figures_of_speech_and_roles_set_against_each_other_are_answered(model_index, question, phrases):
    answer = model_index.answer(question)
    for phrase in phrases:
        assert phrase in answer.text


@pytest.mark.parametrize(("question", "wanted", "unwanted"), [
    ("What long-term gains do students get from these partnerships?",
     ["higher graduation rates", "teamwork and problem-solving"], "Within communities"),
    ("Parent here. Over the years, what would my kid actually gain from the school teaming up with community orgs?",
     ["higher graduation rates", "social and emotional skills"], "Within communities"),
    ("How does the wider neighbourhood benefit down the road when a school partners with local organizations?",
     ["community cohesion", "increased volunteerism and civic engagement", "enhanced community pride"],
     "social and emotional skills"),
])
def test_benefits_for_one_group_are_the_paragraphs_on_that_group_in_full(model_index, question, wanted, unwanted):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    for phrase in wanted:
        assert phrase in answer.text
    assert unwanted not in answer.text


def test_benefits_for_students_and_communities_name_the_social_and_emotional_skills(model_index):
    answer = model_index.answer("Over the long run, how do these partnerships benefit students and their communities?")
    assert "social and emotional skills" in answer.text and "Within communities" in answer.text


@pytest.mark.parametrize("followup", ["and for the wider town?", "And for the local community itself?"])
def test_the_community_after_what_students_gain_is_what_the_community_gains(model_index, followup):
    answer = model_index.answer(followup, history=["What long-term benefits do students get from these partnerships?"])
    assert "increased volunteerism and civic engagement" in answer.text[:400]


def test_the_question_searched_for_another_group_names_its_preposition_once(model_index):
    answer = model_index.answer("what about for the wider community?",
                                history=["What are the long-term benefits for students?"])
    assert answer.searched == "What are the long-term benefits for the community?"


@pytest.mark.parametrize("question", [
    "Why is it so hard to get schools and community groups on the same page? I need the underlying causes.",
    "Root causes behind partnership difficulties — culture, language, budgets, what else?",
])
def test_the_underlying_causes_are_the_paragraphs_that_explain_them_in_full(model_index, question):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    for phrase in ("Diverse organizational cultures and priorities", "differing terminologies and expectations",
                   "tight budgets", "staff shortages"):
        assert phrase in answer.text
    assert "Misalignment of goals and values." not in answer.text  # the bullets only name them


def test_the_key_challenges_are_still_the_bullets_that_name_them(model_index):
    answer = model_index.answer("What are the key challenges in building partnerships?")
    assert "Misalignment of goals and values." in answer.text


@pytest.mark.parametrize("question", [
    "If a community group offers 'resources', what does that typically cover?",
    "When a community group says it'll 'provide resources', what does that usually mean in concrete terms?",
])
def test_a_quoted_term_is_answered_by_the_item_labelled_with_it(model_index, question):
    answer = model_index.answer(question)
    assert answer.text.startswith("Resource Provision: They can offer financial aid, materials, and volunteers")


def test_a_quoted_term_in_a_list_question_leaves_the_list_as_it_was(model_index):
    answer = model_index.answer("I keep hearing about 'collaboration models' - what are the common ones between "
                                "schools and other institutions?")
    assert answer.kind == "list" and "Building Blocks Framework" in answer.text


def test_listening_against_ways_to_give_feedback_is_answered_on_both_sides(model_index):
    answer = model_index.answer("Which matters more for keeping partners engaged: active listening, or setting up ways "
                                "for people to give feedback?")
    assert answer.kind == "comparison"
    assert "This practice encourages collaborative problem-solving" in answer.text
    assert "invites participation and demonstrates commitment" in answer.text


@pytest.mark.parametrize(("history", "question"), [
    ("What long-term benefits do students get from these partnerships?", r"and for the community \d?"),
    ("What role do parents play in these partnerships?", r"what about the teachers \1?"),
    (r"What is the Community Schools Model \g<0>?", "Where is it used?"),
])
def test_a_backslash_in_a_follow_up_or_what_it_refers_to_is_plain_text(model_index, history, question):
    answer = model_index.answer(question, history=[history])
    assert answer.question == question


@pytest.mark.parametrize(("question", "phrases"), [
    # the initials of the asker's own group are not what the question asks about
    ("Inter-school collaboration or interprofessional collaboration — which would do more for our SEN pupils?",
     ["partnerships between multiple schools", "collaboration among various professionals"]),
    ("Mental health keeps coming up at our PTO meetings. How are schools and community groups tackling it together?",
     ["comprehensive mental health support"]),
    # … nor is what the asker is preparing, told before the question
    ("hey, I'm putting together a PD session on how schools team up with other institutions. what are the main "
     "models people use?", ["Inter-School Collaboration", "Full-Service Schools", "Interprofessional Collaboration"]),
    ("cultural awareness versus networking opportunities, whats the distinction between these two contributions?",
     ["By promoting cultural competency", "facilitate connections among families, educators, and local businesses"]),
])
def test_the_asker_s_own_group_and_a_question_after_the_sides_are_no_concepts_to_find(model_index, question, phrases):
    answer = model_index.answer(question)
    assert answer.text is not None, answer.reason
    for phrase in phrases:
        assert phrase in answer.text


@pytest.mark.parametrize("question", [
    # (a program the asker's group runs is still a concept the documents must mention)
    "How should our PBIS rollout involve parents?",
    "How much of our Title I allocation has to be set aside for parent involvement?",
])
def test_a_program_named_after_our_is_still_required(model_index, question):
    assert model_index.answer(question).text is None


def test_the_asker_s_own_group_that_is_to_act_is_no_concept_to_find(model_index):
    answer = model_index.answer("How can our PTA hear back from families about whether the partnership is going well?")
    assert answer.text is not None, answer.reason


@pytest.mark.parametrize("question", [
    "What role do schools play in a partnership?",
    "what does the school itself actually do in a partnership?",
    "What do schools themselves bring to these partnerships, in a nutshell?",
    "In a nutshell, what is the school itself supposed to do in one of these partnerships?",
    "What does the school itself bring to the table in a partnership? Teacher asking.",
])
def test_the_school_s_own_part_is_the_sentence_that_says_by_what_means(model_index, question):
    answer = model_index.answer(question)
    assert "providing educational resources, facilitating programs, and engaging students" in answer.text


def test_what_the_asker_s_own_school_is_expected_to_do_is_its_list_of_responsibilities(model_index):
    answer = model_index.answer("As a new teacher, what is my school actually expected to do for the partnership?")
    assert answer.kind == "list"
    assert "communicate their needs and objectives clearly" in answer.text


@pytest.mark.parametrize("question", [
    "in these partnerships, what do the outside organizations actually end up doing with the kids?",
    # (a nonprofit is an organization)
    "how do local nonprofits typically pitch in day to day at a school?",
])
def test_a_list_of_contributions_also_quotes_where_the_documents_say_it_of_those_the_question_names(model_index,
                                                                                                   question):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    assert "Resource Provision" in answer.text
    assert "They often provide mentorship, enrich curricula with real-world experiences" in answer.text


def test_a_list_of_contributions_keeps_what_the_documents_say_of_the_stakeholder_the_question_names(model_index):
    answer = model_index.answer("When roles are clarified, what types of contributions might a stakeholder be on the "
                                "hook for?")
    assert "resource provision, program implementation, or student support" in answer.text


def test_a_name_given_in_full_is_answered_from_the_sentences_about_it_not_a_near_namesake(model_index):
    answer = model_index.answer("What does the Community Schools Model actually offer students day to day?")
    assert "through tutoring and mentorship" in answer.text
    assert "New York City" not in answer.text


@pytest.mark.parametrize("question", [
    "Where has the Community Schools Model been put into practice?",
    "Has anyone actually implemented the Community Schools Model?",
])
def test_where_a_model_named_in_full_was_used_is_still_the_example_that_names_it_otherwise(model_index, question):
    assert "New York City" in model_index.answer(question).text


@pytest.mark.parametrize("question", [
    "For my dissertation I need an overview of the frameworks that structure school-community partnerships. Which "
    "ones does the literature point to?",
    "Our district is drafting a partnership policy and I'd like to ground it in something established rather than "
    "invent our own approach. Which frameworks could we base it on?",
])
def test_frameworks_asked_for_after_the_asker_s_situation_are_the_frameworks(model_index, question):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    for name in ("Collaborative Partnership Model", "Community Schools Model", "Public-Private Partnership Model"):
        assert name in answer.text


@pytest.mark.parametrize(("question", "phrase"), [
    ("In what way do the kids themselves benefit over the long haul?", "development of social and emotional skills"),
    ("what does the wider community (not just the school) get out of these partnerships?", "drive local development"),
])
def test_how_a_group_benefits_is_answered_with_its_benefits(model_index, question, phrase):
    answer = model_index.answer(question)
    assert answer.kind == "list"
    assert phrase in answer.text


def test_making_a_named_partnership_last_is_answered_from_the_section_on_sustaining_partnerships(model_index):
    answer = model_index.answer("We don't want our partnership to fizzle out after a year. How do we make it last?")
    assert "engage in continuous dialogue" in answer.text
    assert "investing in training and capacity-building" in answer.text


@pytest.mark.parametrize("question", [
    "how do we keep everyone on the same page between the school and the partner orgs?",
    "How do we keep comms good between our school and the partner orgs? Looking for practical tactics, not theory.",
])
def test_keeping_partners_on_the_same_page_is_answered_with_the_communication_strategies(model_index, question):
    answer = model_index.answer(question)
    for phrase in ("Establishing regular meetings", "utilizing digital platforms", "open lines of communication"):
        assert phrase in answer.text


@pytest.mark.parametrize("question", [
    "Which is a bigger barrier: misaligned goals or lack of resources?",
    "Which tends to sink partnerships more, misaligned goals or lack of resources?",
])
def test_a_lack_of_resources_set_against_misaligned_goals_is_the_resource_limitations(model_index, question):
    answer = model_index.answer(question)
    assert answer.kind == "comparison"
    assert "often lead to misalignment in goals" in answer.text
    assert "Many community organizations operate with tight budgets" in answer.text


@pytest.mark.parametrize(("history", "question"), [
    ([], "any real example of the Public-Private Partnership Model in a district?"),
    (["What's the Public-Private Partnership Model?"], "any real example of that in a district?"),
])
def test_an_example_asked_for_is_the_sentence_that_gives_one(model_index, history, question):
    answer = model_index.answer(question, history=history or None)
    assert "Philadelphia School District and local businesses" in answer.text


def test_money_as_an_issue_after_the_challenges_is_the_resource_limitations(model_index):
    answer = model_index.answer("why is money such an issue?",
                                history=["What are the main challenges for school-community partnerships?"])
    assert "Many community organizations operate with tight budgets" in answer.text


def test_what_a_model_named_in_full_links_students_to_is_the_series_about_that_model(model_index):
    answer = model_index.answer("What services does the Community Schools Model link students to?")
    assert "health, social, and recreational services" in answer.text
    assert "Full-Service Schools" not in answer.text


def test_how_to_collect_input_is_the_series_after_the_sentence_on_feedback(model_index):
    answer = model_index.answer("How can we collect honest input from parents and partners about how it's going?")
    assert "Surveys, community forums, and suggestion boxes" in answer.text
