"""Question analysis: what a question asks for, and what a follow-up refers back to."""

from __future__ import annotations

import doctest

import pytest

from eduqa import answer as answer_module
from eduqa import question as question_module
from eduqa.question import (
    COMPARISON,
    FACT,
    LIST,
    SourceReference,
    after_what_about,
    analyse,
    asked_part,
    asks_why,
    asks_why_that,
    claim_of,
    defined_term,
    head_family,
    leans_on,
    points_back,
    resolve,
    source_reference,
    spelled_out,
    spelled_out_by,
    subject_of,
    what_about,
    which_of_those,
    without_author,
    without_source,
    written_out,
)


def test_the_documented_examples_hold():
    assert doctest.testmod(question_module).failed == 0
    assert doctest.testmod(answer_module).failed == 0


@pytest.mark.parametrize(
    "text, kind",
    [
        ("What are the common models of collaboration?", LIST),
        ("Which models address non-academic barriers?", LIST),
        ("What challenges come up when schools build partnerships?", LIST),
        ("apart from the school itself, which other stakeholders play a part?", LIST),
        ("Break down the long-term benefits for students, please.", LIST),
        ("List the key metrics for evaluation.", LIST),
        ("What kinds of programs do community organizations create?", LIST),
        ("what makes a partnership successful? key components pls", LIST),
        ("Which model addresses non-academic barriers to learning?", FACT),
        ("Which framework tries to offer one blueprint?", FACT),
        ("What role do parents play in these partnerships?", FACT),
        ("What are school-community partnerships?", FACT),
        ("What are the common collaboration models based on?", FACT),
        ("What are schools and community organizations joining forces to provide?", FACT),
        ("Compare inter-school collaboration with full-service schools", COMPARISON),
        ("Community Schools Model vs Collaborative Partnership Model", COMPARISON),
        ("How does the Collaborative Partnership Model differ from the Community Schools Model?", COMPARISON),
    ],
)
def test_kinds(text, kind):
    assert analyse(text).kind == kind


def test_long_questions_built_against_the_comparison_and_number_patterns_are_read_as_written():
    # every clause a side could start at, and words before a plural up to the limit of two
    assert analyse(("x or y, " * 230 + "what is each one good for")[:1900]).sides == ("x", "y")
    assert analyse("which " + "a is b " * 270 + ": c or d?").sides == ("c", "d")
    assert analyse("how many " + "a-b " * 470 + "schools?").wants is None
    assert analyse("how many community schools?").wants == "number"


def test_long_chat_input_built_against_the_idiom_and_pointing_back_patterns_is_read_as_written():
    assert points_back(("that " * 380)[:1900])
    assert not points_back(("the one where " * 140)[:1900])
    assert written_out("share wins " * 170) == "share successes " * 170
    # a short form after a slash is left as it is, as in a path
    assert written_out("govt/" * 300 + "x") == "government/" + "govt/" * 299 + "x"
    assert analyse(("which a b c d e " * 120)[:1890] + " is best for").asks_opinion is False  # past the bound of 4
    assert analyse("examples of " * 150 + "districts").head == "examples"
    # … and against this round's list, idiom and leaning patterns
    assert written_out("keep in touch " * 140) == "communicate " * 140
    assert analyse(("would a work " * 160)[:1990]).sides == ()
    sides = analyse("is it better to " + "a or " * 390).sides
    assert sides[0] == "a" and len(sides) == 2
    assert analyse(("what forms do " * 135)[:1890] + " they take").head == "forms"
    assert analyse("real school districts that have " * 60 + "pulled this off").head == "examples"
    assert not leans_on("could it " * 200)  # too long to lean on the conversation


def test_a_linking_word_is_no_subject_and_considered_important_asks_why_of_the_subject():
    assert subject_of("Tell me more about it Additionally, the growing emphasis on equity") is None
    assert analyse("why is equity considered so important?").subject == "equity"


@pytest.mark.parametrize("question", [
    "Can you point me to some real-world examples of school-community partnerships that have worked well?",
    "can you give me real examples of school-community partnerships that worked",
    "can you point me to real world examples of school-community partnerships that worked",
])
def test_examples_asked_with_a_word_before_them_ask_for_a_list(question):
    assert analyse(question).kind == LIST
    # "concrete examples" of how, after the question: the examples of that, not a list of its own
    assert analyse("give me concrete examples").kind == FACT


def test_comparison_sides_drop_articles_and_trailing_context():
    assert analyse("What is the difference between the Montessori model and a charter school in practice?").sides == (
        "Montessori model",
        "charter school",
    )
    # "itself" and what a side is supposed or expected to do say who the side is, not what it is
    assert analyse("compare what the school itself is supposed to do vs what local government and businesses "
                   "do").sides == ("school", "local government and businesses")
    assert analyse("what are parents expected to do versus what teachers are expected to do").sides == (
        "parents", "teachers")
    # "my role", after the asker says who they are, is theirs
    assert analyse("As a parent, how is my role in a partnership different from what a community organization "
                   "does?").sides == ("parents", "community organization")
    assert analyse("How is my role different from what a community organization does?").sides[0] == "my role"
    # where the question is asked ("In a partnership, …") and "what's the …'s job" are no part of a side
    assert analyse("In a partnership, what's the school's job vs the community organisation's job?").sides == (
        "school", "community organisation")


@pytest.mark.parametrize(
    "text, ordinal",
    [("Tell me more about the third one", 3), ("What does the second model do?", 2), ("And the last one?", -1),
     ("Tell me about number 4", 4), ("What should schools do first?", None),
     # "first" said of a doing points at no item
     ("When we first approach a potential partner, what should we spell out?", None)],
)
def test_ordinals(text, ordinal):
    assert analyse(text).ordinal == ordinal


def test_pronouns_refer_back_only_without_a_subject_of_their_own():
    assert analyse("Where is it most common?").refers_back
    assert analyse("What services does that model offer?").refers_back
    assert not analyse("How do community organizations help schools when they lack funding?").refers_back
    assert not analyse("What does the Community Schools Model do for them?").refers_back


def test_subjects_and_what_about():
    assert analyse("What is a flipped classroom?").subject == "flipped classroom"
    assert analyse("How do I set up a parent-teacher association?").subject == "parent-teacher association"
    assert analyse("Who is involved in interprofessional collaboration?").subject == "interprofessional collaboration"
    assert analyse("What about the Public-Private Partnership Model?").instead == "Public-Private Partnership Model"
    assert analyse("and for the community side?").instead == "community"  # the side, angle or perspective of it
    assert analyse("what about the money side of it?").instead == "money"
    assert analyse("what about the staffing aspect of things?").instead == "staffing"
    assert analyse("What are the common models of collaboration?").head == "models"


def test_resolve_names_what_a_follow_up_refers_to():
    assert resolve("What are its goals?", "Full-Service Schools") == "What are Full-Service Schools's goals?"
    assert resolve("Tell me more about the second one", "CCM") == "Tell me more about CCM"
    assert resolve("Who funds them?", "community schools") == "Who funds community schools?"


@pytest.mark.parametrize(
    "text, sides",
    [
        ("How does the Collaborative Partnership Model stack up against the Public-Private Partnership Model?",
         ("Collaborative Partnership Model", "Public-Private Partnership Model")),
        ("Full-service schools or interprofessional collaboration: which one would do more for a kid with ADHD?",
         ("Full-service schools", "interprofessional collaboration")),
        ("pros of the community schools model versus the public-private partnership model?",
         ("community schools model", "public-private partnership model")),
        ("similarities and differences of cultural awareness and networking opportunities",
         ("cultural awareness", "networking opportunities")),
        ("Active listening vs. feedback platforms — how do they differ as communication strategies?",
         ("Active listening", "feedback platforms")),
        ("Which is better for rural schools, inter-school collaboration or full-service schools?",
         ("inter-school collaboration", "full-service schools")),
        ("How do community schools and full-service schools differ?", ("community schools", "full-service schools")),
    ],
)
def test_comparisons_in_many_wordings(text, sides):
    assert analyse(text).sides == sides


def test_a_list_asked_in_a_later_sentence_or_after_a_compound_noun():
    options = analyse("Is there an established framework we could base our partnership on? What are the options?")
    assert options.kind == "list"
    assert analyse("Which partnership frameworks are described in the article?").head == "frameworks"
    assert analyse("What kinds of collaboration setups do schools usually go with?").head == "setups"
    assert analyse("Is the first sentence clear? Thanks.").kind == "fact"


def test_a_lone_that_refers_back_and_asks_about_what_the_answer_said():
    for text in ("How does that work in practice?", "Why does that matter?", "How did that help the students?"):
        assert analyse(text).refers_back, text
    assert not analyse("How did that program help students in Philadelphia and Denver?").refers_back
    assert analyse("What's the last one about?").more
    assert analyse("Can you expand on number 4?").more and analyse("Can you expand on number 4?").ordinal == 4


def test_a_yes_no_question_has_no_runaway_subject():
    question = "Do these partnerships just chase grades, or do they also raise kids who care about their community?"
    assert analyse(question).subject is None


def test_an_item_picked_by_a_word_or_as_the_next_one():
    assert analyse("Tell me more about the equity one").described == "equity"
    assert analyse("What about the one about mental health?").described == "mental"
    for text in ("And the one after that?", "What is the next one?", "next"):
        assert analyse(text).next_item and analyse(text).is_followup, text
    assert analyse("Tell me about that one").described is None
    assert not analyse("Which one is the best one?").is_followup


def test_what_a_question_asks_the_effect_of():
    assert analyse("Is trauma-informed teaching effective in high-poverty schools?").topic == "trauma-informed teaching"
    assert analyse("Do school resource officers make campuses safer?").topic == "school resource officers"
    assert analyse("How does active listening affect trust?").topic == "active listening"
    assert analyse("What is active listening?").topic is None


def test_a_subject_keeps_its_and_but_stops_before_a_second_question():
    both = "What do parents and families do in school-community partnerships?"
    assert analyse(both).subject == "parents and families"
    assert analyse("What is a flipped classroom and how does it work?").subject == "flipped classroom"
    research = "What does the research say about later school start times for teenagers?"
    assert analyse(research).subject == "later school start times"


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Why do so many partnerships stall or fall apart? What usually gets in the way?", "challenges"),
        ("What is a school on the hook for once it signs up?", "responsibilities"),
        ("How would we know if it's paying off? What should we be tracking?", "metrics"),
        ("What good actually comes out of schools collaborating?", "benefits"),
        ("What does a partnership need to have in place to succeed?", "components"),
        ("what usually trips these partnerships up?", "challenges"),
        ("What can a community group realistically bring to the table?", "contributions"),
        ("As a principal, what is actually expected of my school?", "responsibilities"),
        ("What lasting good do these partnerships do for the town?", "benefits"),
        ("What gets in the way of building good partnerships?", "challenges"),
        ("What kinds of things can community organizations actually bring to a school partnership?", "contributions"),
        ("what do community organizations contribute to partnerships?", "contributions"),
        ("what do community organizations bring to a school partnership?", "contributions"),
        ("Name the key things community orgs contribute to partnerships", "contributions"),
        ("what gets tricky when schools and local orgs work together? main problems", "problems"),
        ("whats usually the hardest part of getting schools and local orgs to work together?", "challenges"),
        ("Can you give me real examples of districts that have made partnerships work?", "examples"),
        ("can you point me to some real cities or districts where these partnerships worked?", "examples"),
        ("we're a neighborhood association - what kinds of things can groups like ours contribute?", "contributions"),
        ("As a school leader, what am I responsible for in making a partnership work?", "responsibilities"),
        ("how do we measure if our partnership is working - what metrics should we track?", "metrics"),
        ("principal here. what usually trips up school-community partnerships?", "challenges"),
        ("why do partnerships between schools and towns keep running into trouble?", "challenges"),
        ("whats the payoff long term if we stick with this partnership?", "benefits"),
        ("who should be at the table when we set up a partnership with the community?", "stakeholders"),
        ("Who needs to be involved in a school-community partnership?", "stakeholders"),
        ("how would i even start evaluating whether our partnership works?", "metrics"),
        ("what actually makes a partnership work? like the core ingredients, not fluff", "components"),
        ("we are a small nonprofit. what could we realistically bring to a local school partnership?", "contributions"),
        ("anything besides money that local organizations usually contribute to schools?", "contributions"),
        ("Break down what a community group can actually donate or supply to a school.", "contributions"),
        ("As a head teacher, what am I expected to take on if our school partners with a museum?", "responsibilities"),
        ("tips for keeping everyone informed with our partner organizations?", "strategies"),
        ("what does a school community partnership look like in practice?", "forms"),
        ("In practice, what shape do these collaborations tend to take?", "forms"),
        ("have any real districts actually pulled this off?", "examples"),
        ("Are there real school districts that have actually pulled this off?", "examples"),
        ("What do students and the town get out of it years down the road?", "benefits"),
        ("why would a school even bother teaming up with the community?", "benefits"),
        ("The district wants hard numbers. What data should we be collecting?", "metrics"),
        ("What usually goes wrong when schools try to work with outside groups?", "challenges"),
        ("who else has a part to play in this besides the school itself?", "stakeholders"),
        ("who normally gets involved when a school partners with the community?", "stakeholders"),
        ("Who's usually at the table in these school-community things?", "stakeholders"),
        ("Who usually ends up at the table in a school community partnership?", "stakeholders"),
        ("Who tends to be at the table in these partnerships?", "stakeholders"),
        ("What usually trips schools up when they try to work with community organisations?", "challenges"),
        ("Where's school-community partnership work heading over the next few years?", "trends"),
        ("What's changing in how schools and community groups work together - e.g. technology, equity?", "trends"),
        ("what actually makes a school partnership succeed instead of fizzling out?", "components"),
        ("what makes a school/community partnership actually succeed? like the non-negotiables", "components"),
        ("I need hard numbers for the board. Which data points show whether a partnership is paying off?", "metrics"),
        ("Are there any real districts or cities that pulled this off well?", "examples"),
        ("good ways to keep communication flowing with our community partners?", "strategies"),
        ("I run a small nonprofit. What could we realistically bring to a local school?", "contributions"),
        ("As a new teacher, what is my school actually expected to do for the partnership?", "responsibilities"),
        ("In day-to-day terms, what do community organizations actually do for schools?", "contributions"),
        ("I volunteer with a youth club - how do groups like ours typically help schools?", "contributions"),
        ("how do local nonprofits typically pitch in day to day at a school?", "contributions"),
    ],
)
def test_questions_that_ask_for_several_things_without_naming_them(text, head):
    analysis = analyse(text)
    assert analysis.kind == LIST
    assert analysis.head == head


@pytest.mark.parametrize(
    "text",
    [
        "What does long-term tracking of metrics allow?",
        "What goes wrong when some partners are far more involved than others?",
        "Which approach draws on neighbourhood support so that problems stop getting in the way?",
        "What do local businesses offer in the Philadelphia School District partnership?",
        "What do community organizations actively bring to partnerships to enhance educational experiences?",
        "why are resources such a problem for partnerships?",
        "what kind of training is recommended for new partners?",
        "Which framework identifies essential steps and constructs?",
        "Why bother spelling out who is responsible for what in a partnership?",
        "Who is involved in the Philadelphia partnership?",
    ],
)
def test_words_of_those_questions_inside_one_fact_questions(text):
    assert analyse(text).kind == FACT


def test_a_head_noun_names_its_family_unless_the_question_narrows_it():
    assert "challenges" in head_family("obstacles", "What obstacles do partnerships face?")
    assert "components" in head_family("ingredients", "What ingredients does a partnership need?")
    assert head_family("barriers", "Which communication barriers can exacerbate problems?") == ("barriers",)
    assert head_family("models", "What are the models?") == ("models",)


def test_an_item_picked_by_a_name_of_several_words():
    assert analyse("Tell me more about the New York one").described == "new york"
    assert analyse("The one about Denver?").described == "denver"
    assert analyse("Is that the only one?").described is None


def test_questions_that_want_a_date_or_a_number():
    assert analyse("In what year did the partnership in Philadelphia start?").wants == "time"
    assert analyse("How many hours a week do mentors give?").wants == "number"
    assert analyse("How much does each partner take part?").wants is None
    assert analyse("What does it typically cost per student to run a full-service school?").wants == "number"
    assert analyse("What does the Community Schools Model cost?").wants == "number"
    assert analyse("How many models are there?").wants is None  # the list answers it


def test_everyday_words_are_told_from_the_words_of_a_field():
    from eduqa.lexical import everyday_terms

    assert everyday_terms("Why should every partner know exactly what part they play?") >= {"know", "part", "play"}
    assert not everyday_terms("restorative practices, Montessori, phonics and burnout")


def test_a_question_of_how_to_do_something_asks_for_ways():
    analysis = analyse("Our partners feel out of the loop. How should we be communicating with them?")
    assert analysis.asks_how and analysis.head == "strategies" and analysis.kind == FACT
    assert not analyse("How would we know if it works?").asks_how
    assert not analyse("What is the Community Schools Model?").asks_how
    # after an opening that asks for practice, and about what the school itself does
    analysis = analyse("concretely, how can a school support the community groups it partners with?")
    assert (analysis.asks_how, analysis.how_verb, analysis.focus) == (True, "support", "school")
    assert analyse("Practically speaking, how can we gather input from families?").how_verb == "gather"
    assert analyse("In concrete terms, how can the school help?").asks_how


def test_against_splits_a_contrast_before_with_and_compare_to_is_read_as_such():
    assert analyse("Could you contrast schools partnering with other schools against the CCM?").sides == (
        "schools partnering with other schools", "CCM")
    assert analyse("How does interprofessional collaboration compare to a co-teaching model?").sides == (
        "interprofessional collaboration", "co-teaching model")


def test_questions_for_advice_or_about_the_documents_themselves():
    assert analyse("Which should we go with? Just tell me which one to pick.").asks_opinion
    assert analyse("Is a big tech partner worth the risk, in your opinion?").asks_opinion
    assert not analyse("Which model addresses non-academic barriers?").asks_opinion
    # the options one would recommend are the ones the documents describe; one to pick is still a judgement
    assert not analyse("Which frameworks would you recommend looking at?").asks_opinion
    assert analyse("Which one would you recommend for our school?").asks_opinion
    assert analyse("Should we use surveys or community forums to hear from families?").sides == (
        "surveys", "community forums")
    assert not analyse("Should our district go with full-service schools or community schools? Just tell me which one "
                       "to pick.").sides
    assert analyse("Which learning management system is best for tracking partnership programs?").asks_opinion
    assert not analyse("Which model is best for addressing non-academic barriers?").asks_opinion  # the documents say
    assert analyse("Who wrote the article on partnership models?").about_documents
    assert analyse("What sources does the article cite?").about_documents
    assert analyse("Was the page peer reviewed?").about_documents
    assert not analyse("According to the article, what are the key challenges?").about_documents
    assert analyse("By how much did test scores rise? I need actual figures").wants == "number"
    assert analyse("What was the budget for the partnership?").wants == "number"


def test_like_mine_is_no_comparison():
    assert analyse("Why is it hard for groups like mine to keep up a partnership?").kind != COMPARISON
    sides = analyse("Is a full-service school like a community school?").sides
    assert sides == ("full-service school", "community school")


def test_like_him_is_no_comparison_but_a_or_b_before_a_colon_is():
    assert analyse("Is any of these models described as helping kids like him?").kind != COMPARISON
    assert analyse("Denver or Philadelphia: who did the schools partner with?").sides == ("Denver", "Philadelphia")


def test_follow_up_words_after_what_about_and_a_closing_that():
    analysis = analyse("what about parents? why do they matter so much")
    assert analysis.instead == "parents"
    assert after_what_about(analysis.question) == "why do they matter so much"
    assert after_what_about("What about Philadelphia?") is None
    assert analyse("what kind of training is recommended for that?").refers_back
    assert not analyse("What role do parents play in these partnerships?").refers_back


def test_words_that_praise_a_kind_keep_its_family():
    assert "components" in head_family("ingredients", "What are the essential ingredients of a partnership?")
    assert head_family("barriers", "Which communication barriers matter?") == ("barriers",)


def test_a_named_subject_leaves_out_whats_and_the_asker_is_the_focus():
    assert analyse("What's the Community Collaboration Model?").subject == "Community Collaboration Model"
    assert analyse("As a parent, what is my role in a partnership?").focus == "parent"
    assert analyse("what kind of training is recommended for that?").focus == "training"


def test_what_is_to_be_made_is_the_subject():
    assert analyse("Can you give me a template for an agreement with a partner?").subject == "template"
    assert analyse("whats a good agenda for the first meeting").subject == "agenda"
    assert analyse("What should a job description for a coordinator include?").subject == "job description"
    assert analyse("What are the steps for drafting a memorandum of understanding?").subject == (
        "memorandum of understanding")


def test_numbered_items_laws_and_frequencies():
    assert analyse("#2, what does it do exactly?").ordinal == 2
    assert analyse("Are schools legally required to have partners?").wants == "law"
    assert analyse("How often should evaluations be done?").wants == "frequency"
    assert analyse("How many schools in Finland take part?").wants == "number"
    assert analyse("How many models are there?").wants is None
    assert analyse("Who originally developed the framework?").wants == "name"
    assert analyse("Which companies took part in the Philadelphia program?").wants == "names"
    assert analyse("Can you name the specific non-profit organizations they worked with?").wants == "names"
    assert analyse("Which organizations are involved in partnerships?").wants is None
    assert analyse("Describe the Building Blocks Framework.").subject == "Building Blocks Framework"
    assert analyse("what about mental health specificaly?").instead == "mental health"


def test_sides_named_before_or_by_what_each_brings():
    assert analyse("I keep mixing up A-models and B-models. Can you contrast them?").sides == ("A-models", "B-models")
    assert analyse("Compare what schools bring to a partnership with what parents bring.").sides == (
        "schools", "parents")
    assert analyse("What's the difference between using test data and using surveys?").sides == ("test data", "surveys")


def test_chat_short_forms_are_written_out():
    assert written_out("How is the role of parents different from the role of local govts and businesses?") == (
        "How is the role of parents different from the role of local governments and businesses?")
    assert written_out("what can a school give back to its partner orgs") == (
        "what can a school give back to its partner organizations")
    assert written_out("Organizations and governments") == "Organizations and governments"
    assert written_out("schools vs local govt/businesses") == "schools vs local government/businesses"
    assert written_out("see example.org/partners") == "see example.org/partners"
    assert written_out("the tech trend") == "the technology trend"
    assert written_out("how should we share wins and keep resourcing up over the long haul") == (
        "how should we share successes and keep resources up over the long term")
    assert written_out("who wins the game") == "who wins the game"  # the verb stays
    assert written_out("why spell out who does what?") == "why spell out the roles and responsibilities?"
    assert written_out("how do we keep in touch with partners and keeping everyone in the loop?") == (
        "how do we communicate with partners and keeping everyone informed?")


def test_what_metrics_gauge_and_who_schools_work_with_are_written_in_the_documents_words():
    gauged = "what do indicators gauge the partnership’s impact on"
    assert written_out("What are partnership metrics actually supposed to gauge?") == gauged + "?"
    assert written_out("metrics help us gauge impact on what areas exactly?") == gauged + " exactly?"
    assert written_out("From an evaluation standpoint, which impact areas should our metrics capture?") == (
        "From an evaluation standpoint, " + gauged + "?")
    # which metrics to use, or what metrics measure, asks for the metrics themselves
    for question in ("What metrics would you use to evaluate a partnership's impact?", "what do our metrics measure?"):
        assert written_out(question) == question
    involved = "which organizations do school-community partnerships involve collaboration with"
    assert written_out("who do schools typically partner with?") == involved + "?"
    assert written_out("When a school builds partnerships, who do they usually work with?") == (
        "When a school builds partnerships, " + involved + "?")
    # "they" with no school named before may be anyone
    assert written_out("and parents, who do they usually work with?") == "and parents, who do they usually work with?"


def test_what_collaboration_gets_a_school_is_what_it_can_lead_to():
    assert written_out("what does collaboration between schools and institutions ultimately lead to?") == (
        "what can collaboration between schools and institutions lead to?")
    assert written_out("Why bother collaborating? So what's the upside for a school like ours?") == (
        "why is collaboration important? So what can collaboration lead to?")
    # the upside asked before collaboration is named stays as it is
    assert written_out("what's the payoff when schools collaborate?") == "what's the payoff when schools collaborate?"


def test_a_walk_through_of_how_one_thing_works_is_not_a_list_and_examples_of_are():
    assert written_out("Walk me through how the Community Schools Model works.") == (
        "how does the Community Schools Model work.")
    assert written_out("quick rundown of how a public-private partnership works?") == (
        "how does a public-private partnership work?")
    assert analyse("Walk me through the key challenges.").kind == "list"
    assert analyse("real world examples of partnerships that worked?").kind == "list"
    # a topic moved from the opening keeps a name's capital, not that of an everyday compound
    assert written_out("Equity-focused partnerships: what do they look like?") == (
        "what do equity-focused partnerships look like?")
    assert written_out("Denver - what did they do?") == "what did Denver do?"


def test_a_partnership_set_apart_from_one_of_its_kind_asks_what_characterizes_it():
    assert written_out("What sets an effective partnership apart from one that's just on paper?") == (
        "what characterizes an effective partnership?")
    assert written_out("How can you tell a good partnership from a box-ticking one?") == (
        "what characterizes a good partnership?")
    # two named things are compared
    assert analyse(written_out("What separates the Community Schools Model from the CCM?")).kind == "comparison"


def test_sides_that_stand_in_for_the_things_compared_are_read_from_where_the_question_names_them():
    assert analyse("Harlem Children's Zone or the Community Schools Model: how do they compare?").sides == (
        "Harlem Children's Zone", "Community Schools Model")
    assert analyse("We're weighing two options: full-service schools or inter-school collaboration. What's the "
                   "difference?").sides == ("full-service schools", "inter-school collaboration")
    assert analyse("CCM vs full-service schools - how do they differ?").sides == ("CCM", "full-service schools")
    assert analyse("how do they compare?").sides == ()
    # a piece that names nothing, or the same thing twice, gives no sides
    for question in ("or: how do they stack up?", " or : how do they compare?", "a or a: how do they compare?"):
        assert analyse(question).sides == ()


def test_where_to_put_energy_or_what_to_invest_in_is_a_comparison():
    question = "Should our trust put more time into full-service schools or into inter-school collaboration?"
    assert analyse(question).sides == ("full-service schools", "inter-school collaboration")
    assert analyse("Should we invest in the Community Schools Model or the CCM?").sides == (
        "Community Schools Model", "CCM")


def test_more_students_finishing_school_is_a_higher_graduation_rate():
    assert written_out("do partnerships help more kids finish school?") == (
        "do partnerships help higher graduation rates?")
    assert written_out("when did the school finish its audit?") == "when did the school finish its audit?"


def test_money_as_a_problem_is_resources_and_money_put_into_something_is_investment():
    assert written_out("and the money side of things?") == "and the resources side of things?"
    assert written_out("why is money such a big problem?") == "why is resources such a big problem?"
    assert written_out("why do companies put money into schools?") == "why do companies invest in schools?"
    # money asked about as such stays money (a figure the documents do not give)
    assert written_out("How much money did businesses give?") == "How much money did businesses give?"


def test_settings_are_contexts_and_one_size_fits_all_is_universal():
    assert written_out("can it work in different settings, or is it one-size-fits-all?") == (
        "can it work in different contexts, or is it universal?")
    assert written_out("is it for one kind of setting?") == "is it for one context?"
    assert written_out("who works within the school setting?") == "who works within the school setting?"


def test_the_main_types_after_a_list_question_say_no_more_than_its_head():
    assert analyse("what kinds of collaboration setups do schools have? just want the main types").head == "setups"
    assert analyse("what are the main types?").head == "types"


def test_keeping_a_school_partnership_going_is_sustaining_a_partnership():
    assert written_out("how do you keep a school-community partnership going for the long haul?") == (
        "how do you sustain a partnership?")


def test_what_marks_asks_for_characteristics():
    assert analyse("What marks an effective partnership?").head == "characteristics"


def test_a_superlative_asks_for_one_group_and_whats_is_a_question_word():
    assert analyse("Which students does it help the most?").kind == FACT
    assert analyse("Which frameworks are described?").kind == LIST
    assert analyse("ok, what's the point of them — what are they trying to achieve?").refers_back


def test_who_made_something_wants_a_name_and_how_long_a_number():
    assert analyse("Who developed the Building Blocks Framework?").wants == "name"
    assert analyse("Who is involved in interprofessional collaboration?").wants is None
    assert analyse("How long does it take before a partnership is sustainable?").wants == "number"
    assert analyse("When is a partnership sustainable?").wants is None


def test_a_claim_of_a_size_wants_a_number():
    assert analyse("Is it true that full-service schools cut chronic absenteeism in half?").wants == "number"
    assert analyse("Did students enroll in college at higher rates?").wants == "number"


@pytest.mark.parametrize(
    ("question", "sides", "aspect"),
    [
        ("Compare the role parents play with the role of local governments and businesses in a partnership.",
         ("parents", "local governments and businesses"), "role"),
        ("Contrast what schools contribute with what community organizations contribute in these partnerships.",
         ("schools", "community organizations"), "contribute"),
        ("can you weigh the benefits of school-community partnerships against the challenges?",
         ("benefits", "challenges"), None),
        ("Collaborative Partnership Model versus the Building Blocks Framework: what sets them apart?",
         ("Collaborative Partnership Model", "Building Blocks Framework"), None),
        ("how do the constraints on community organizations differ from those on schools?",
         ("community organizations", "schools"), "constraints"),
        ("Are inter-school collaboration and interprofessional collaboration basically the same thing?",
         ("inter-school collaboration", "interprofessional collaboration"), None),
        ("We're weighing a full-service school against a magnet school. How do they stack up?",
         ("full-service school", "magnet school"), None),
        ("Are parents and teachers involved in the same way?", (), None),
        ("In what ways is the Collaborative Partnership Model unlike the Community Schools Model?",
         ("Collaborative Partnership Model", "Community Schools Model"), None),
        ("what do schools bring to a partnership versus what community organizations bring",
         ("schools", "community organizations"), "bring"),
        ("What set the Denver partnership apart from the Philadelphia one?", ("Denver partnership", "Philadelphia"),
         None),
        ("For communicating with stakeholders, newsletters or surveys — what is each one good for?",
         ("newsletters", "surveys"), None),
        ("Which trend is more about wellness and which is more about the environment: mental health or sustainability?",
         ("mental health", "sustainability"), None),
        ("I'm deciding between converting to a full-service school or a magnet school. How do they compare?",
         ("full-service school", "magnet school"), None),
        ("How is the Building Blocks Framework different from ordinary school-community partnerships?",
         ("Building Blocks Framework", "school-community partnerships"), None),
        ("How does the Community Schools Model stack up against charter management organizations for running schools?",
         ("Community Schools Model", "charter management organizations"), None),
        # a judgement between two is asked, not what each is: not a comparison to quote (see the opinion rule)
        ("Is the Public-Private Partnership Model better than the Community Schools Model for a low-income district?",
         (), None),
        ("Newsletters celebrating wins vs regular meetings: how do those two compare?",
         ("Newsletters celebrating wins", "regular meetings"), None),
        ("Community Schools Model or Public-Private Partnership Model — pros/cons? We're a rural district.",
         ("Community Schools Model", "Public-Private Partnership Model"), None),
        ("schools vs local government/businesses - how do their roles differ?",
         ("schools", "local government and businesses"), None),
        # sides named in the sentence before "how do those two … differ"; where the asker read of one is no part of it
        ("Denver and Philadelphia both came up as examples. How do those two partnerships differ?",
         ("Denver", "Philadelphia"), None),
        ("Denver and Philadelphia both get mentioned as examples. How were their partnerships different?",
         ("Denver", "Philadelphia"), None),
        ("how do full-service schools differ from school-community partnerships in the Q&A?",
         ("full-service schools", "school-community partnerships"), None),
        # "like" after a question mark is a filler, not "X like Y"
        ("what are the telltale signs of a good school partnership? like what does a healthy one look like", (), None),
    ],
)
def test_comparison_sides_and_what_they_are_compared_on(question, sides, aspect):
    analysis = analyse(question)
    assert analysis.sides == sides
    assert analysis.aspect == aspect


@pytest.mark.parametrize(
    ("question", "writing", "opinion", "thing"),
    [
        ("Could you write a parent satisfaction questionnaire with the exact questions to ask?", True, False, None),
        ("I need a line-item budget for a mentorship program - could you draft one?", True, False, None),
        ("Write me an email script to pitch a partnership.", True, False, None),
        ("How do I write a grant proposal?", False, False, None),
        ("Can you walk me through drafting a memorandum of understanding?", True, False, None),
        ("Could you help us write a letter to parents?", True, False, None),
        ("Walk me through the steps of building trust.", False, False, None),
        ("What does a partnership create for students?", False, False, None),
        ("Should private companies be allowed to shape the curriculum?", False, True, None),
        ("Is the Community Schools Model a better fit than full-service schools for rural districts?", False, True,
         None),
        ("Which is better for our district, the Community Schools Model or charter schools?", False, False, None),
        ("What certification do social workers need?", False, False, "certification"),
        ("What kinds of things can community organizations bring?", False, False, None),
        ("What ingredients does a partnership need?", False, False, None),
        ("Which specific data points are commonly used to gauge effectiveness?", False, False, None),
        ("What role do parents play?", False, False, None),
        ("What shapes or formats can these collaborations take?", False, False, None),
    ],
)
def test_writing_judgements_and_the_thing_asked_for(question, writing, opinion, thing):
    analysis = analyse(question)
    assert (analysis.asks_writing, analysis.asks_opinion, analysis.asked_thing) == (writing, opinion, thing)


def test_british_spellings_are_written_the_american_way():
    assert written_out("community organisations prioritise neighbourhood programmes") == (
        "community organizations prioritize neighborhood programmes"
    )
    assert written_out("Organisation, advise and the centre") == "Organization, advise and the center"
    assert written_out("and NYC? and Philly?") == "and New York City? and Philadelphia?"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Run me through the essential ingredients?", {"kind": LIST}),
        ("What could trip us up?", {"kind": LIST, "head": "challenges"}),
        ("Name the real-world examples (cities/districts) given of partnerships that worked.", {"head": "examples"}),
        ("Do partnerships with businesses lead to commercialisation of the curriculum?",
         {"claim": "partnerships with businesses lead to commercialisation of the curriculum"}),
        ("And for the local community itself?", {"instead": "local community"}),
        ("Explain the inclusivity part - what does it get you?", {"described": "inclusivity"}),
        ("Does restorative justice play a part in community schools?", {"topic": "restorative justice"}),
        ("Which students are singled out as especially benefiting when professionals work together?",
         {"kind": FACT}),
        ("what does number three mean exactly?", {"ordinal": 3}),
        ("and the one before that?", {"item_before": True, "next_item": False}),
        ("Like what are the essential ingredients?", {"kind": LIST}),
        ("in a nutshell, what are the hallmarks of an effective partnership?", {"kind": LIST}),
        ("Where are school-community partnerships headed in the coming years?", {"kind": LIST, "head": "trends"}),
        ("in what main ways can groups like mine contribute to a school partnership?",
         {"kind": LIST, "head": "contributions"}),
        # a request for a few or a couple of things
        ("Give me a few concrete forms a partnership might take day to day.", {"kind": LIST, "head": "forms"}),
        ("give me a couple of strategies for communication", {"kind": LIST, "head": "strategies"}),
        # ways a kind of partner helps, what it can offer, tips asked for first, what a child gains
        ("in what ways do community groups typically back up a school?", {"kind": LIST, "head": "contributions"}),
        ("If a nonprofit partners with us, in what ways might they support our students directly?",
         {"kind": LIST, "head": "contributions"}),
        ("break down what a nonprofit or community group can offer our school", {"head": "contributions"}),
        ("Practical tips please: how do we keep communication flowing with our partner organizations?",
         {"kind": LIST, "head": "strategies"}),
        ("Parent here. Over the years, what would my kid actually gain from the school teaming up with community orgs?",
         {"kind": LIST, "head": "benefits"}),
        ("In what ways might they differ?", {"kind": FACT}),
        ("where has it been used?", {"wants": "place"}),
        ("Which city's school system teamed up with charities?", {"wants": "place"}),
        ("Where do parents fit in?", {"wants": None}),
        ("Who usually participates in these arrangements besides the school itself?",
         {"kind": LIST, "head": "stakeholders"}),
        ("who participates in it?", {"kind": FACT}),
    ],
)
def test_more_wordings_of_lists_claims_and_follow_ups(question, expected):
    analysis = analyse(question)
    assert {name: getattr(analysis, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("According to QuickTakes, what do schools need to foster?", "what do schools need to foster?"),
        ("What do schools need to foster, according to QuickTakes?", "What do schools need to foster?"),
        ("according to quicktakes what are the models", "what are the models"),
        ("In the QuickTakes list, how is CCM different from inter-school collaboration?",
         "In the list, how is CCM different from inter-school collaboration?"),
        ("what models does QuickTakes' answer go through?", "what models does the answer go through?"),
        ("What does QuickTakes say about funding?", "What does the page say about funding?"),
        ("Is the piece by QuickTakes about rural schools?", "Is the piece about rural schools?"),
        # no name, only part of one, or nothing asked but the name: not a question about the author's documents
        ("What do quick takes say about funding?", None),
        ("What does QuickTakesPlus say about funding?", None),
        ("Who is QuickTakes?", None),
    ],
)
def test_a_document_author_named_in_a_question_is_taken_out_of_it(question, expected):
    assert without_author(question, "QuickTakes") == expected


@pytest.mark.parametrize(
    ("question", "words", "part", "questions_page"),
    [
        ("What good comes of it, according to the page on collaboration models?", "collaboration models", False, False),
        ("According to the collaboration-models page, what can come out of partnerships?", "collaboration models",
         False, False),
        ("What outcomes does the Q&A say partnerships can lead to?", "", False, True),
        ("What kinds of models does the Q&A page go through?", "", False, True),
        ("Which frameworks does the article on effective partnership models describe?", "effective partnership models",
         False, False),
        ("How do community organizations help, according to the section on stakeholder roles?", "stakeholder roles",
         True, False),
        ("in the section on assessing impact, what long term benefits show up", "assessing impact", True, False),
        ("What are schools' duties, per the 'Schools’ Responsibilities' bit?", "'Schools’ Responsibilities'", True,
         False),
    ],
)
def test_a_question_can_say_which_document_or_section_it_means(question, words, part, questions_page):
    reference = source_reference(question)
    assert reference == SourceReference(words, part=part, questions_page=questions_page)


@pytest.mark.parametrize(
    "question", ["What does research say about mentoring?", "What effect does mentoring have according to research?",
                 "Which groups of people usually take part in a partnership?"],
)
def test_a_question_without_a_document_reference_has_none(question):
    assert source_reference(question) is None


def test_the_words_that_say_where_are_dropped_from_the_search_text():
    assert without_source("According to the Q&A, what can partnerships lead to?") == "what can partnerships lead to?"
    assert without_source("What good comes, according to the page on X models?") == "What good comes?"
    assert without_source("According to the article?") == "According to the article?"  # nothing else to ask


@pytest.mark.parametrize(("question", "instead"), [("and NYC?", "New York City"), ("And parents?", "parents"),
                                                   ("and for the community?", "community")])
def test_and_x_asks_the_earlier_question_about_x(question, instead):
    analysis = analyse(written_out(question))
    assert analysis.is_followup and analysis.instead == instead


@pytest.mark.parametrize("question", ["why?", "How so?", "and why?", "how come?"])
def test_a_bare_why_refers_back(question):
    analysis = analyse(question)
    assert analysis.is_followup and analysis.more and asks_why(question)


def test_and_then_a_question_word_is_no_what_about():
    assert analyse("and why?").instead is None
    assert not asks_why("why do partnerships fail?")


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("Is restorative justice part of the full-service schools approach?", "restorative justice"),
        ("Is trust a key part of partnerships?", "trust"),
        ("are charter schools more likely to partner with businesses?", "charter schools"),
        ("Do school-community partnerships reduce teacher turnover?",
         "school-community partnerships reduce teacher turnover"),
    ],
)
def test_a_yes_or_no_claim_names_what_must_be_in_the_documents(question, claim):
    assert claim_of(question) == claim


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("I'm writing a paper for my module — could you set out interprofessional collaboration compared to the "
         "Building Blocks Framework?", ("interprofessional collaboration", "Building Blocks Framework")),
        ("I keep getting asked what we bring versus what local groups bring. How do the school's role and the "
         "community organizations' role differ?", ("school", "community organizations")),
        ("technology integration and mental health as future trends... compare them for me?",
         ("technology integration", "mental health")),
        ("Side by side, what do the equity trend and the sustainability trend each involve?",
         ("equity trend", "sustainability trend")),
        ("Between misaligned goals and limited resources, what drives each challenge?",
         ("misaligned goals", "limited resources")),
        ("What does the CCM do that full-service schools don't?", ("CCM", "full-service schools")),
        ("long term benefits for students compared to benefits for the wider community?",
         ("students", "wider community")),
        ("full service schools and interprofessional collab both bring in social workers etc, so how r they actually "
         "different", ("full service schools", "interprofessional collaboration")),
        ("Inter-school collaboration versus a public-private partnership for a small rural school — which suits us?",
         ("Inter-school collaboration", "public-private partnership")),
        ("Is the Community Collaboration Model much like the Harlem Children's Zone approach?",
         ("Community Collaboration Model", "Harlem Children's Zone approach")),
        ("my daughter has ADHD. which helps more, a Montessori school or the interprofessional collaboration model?",
         ("Montessori school", "interprofessional collaboration model")),
        ("would a charter school network work better for us than the community schools model?",
         ("charter school network", "community schools model")),
        # (in the documents' words: active listening and platforms for feedback)
        ("is it better to just listen carefully in meetings or to set up formal ways to get feedback?",
         ("active listening", "creating platforms for feedback")),
    ],
)
def test_comparisons_told_after_a_situation_or_in_other_words(question, sides):
    assert analyse(written_out(question)).sides == sides


def test_chat_short_forms_and_british_words_are_written_as_the_documents_write():
    assert written_out("how r they different for pupils") == "how are they different for students"


def test_a_country_in_capitals_is_named_as_documents_name_it_and_us_stays_us():
    assert written_out("found in the US or the U.K.?") == "found in the United States or the United Kingdom?"
    assert written_out("can you help us") == "can you help us"


def test_which_of_those_picks_an_item_of_the_previous_list():
    analysis = analyse("which of those is mostly found in the United States?")
    assert analysis.is_followup and analysis.among == "is mostly found in the United States"


def test_only_a_short_question_with_a_pronoun_and_no_name_leans_on_the_conversation():
    assert leans_on("is it meant for one kind of school?")
    assert not leans_on("Should our school let a corporate sponsor put its logo on student uniforms?")
    assert not leans_on("Does the CCM help them?")
    assert not leans_on("What is the recommended counselor ratio?")


def test_which_one_picks_an_item_unless_it_names_the_choices():
    assert which_of_those("which one would help a kid with ADHD the most?") == "would help a kid with ADHD the most"
    assert which_of_those("Which one is better, the CCM or full-service schools?") is None


def test_hard_numbers_asked_of_a_list_of_measures_are_the_measures():
    # the documents name what to measure, not figures: the question is not declined for want of a number
    analysis = analyse("I need hard numbers for the board. Which data points show whether a partnership is paying off?")
    assert analysis.wants is None
    assert analyse("I need hard numbers: how many schools joined?").wants == "number"


def test_a_side_ends_before_the_question_that_follows_it():
    assert analyse("mental health partnerships vs sustainability partnerships, how do those trends compare?").sides == (
        "mental health partnerships", "sustainability partnerships")


def test_done_that_points_back_and_things_that_went_badly_are_challenges():
    assert points_back("has any big city actually done that?")
    assert not points_back("has any big city adopted community schools?")
    assert written_out("why would we share the stuff that went badly too?") == "why would we share the challenges too?"
    assert written_out("how can we show off our wins?") == "how can we highlight our successes?"
    assert written_out("and the stuff that isn't going well?") == "and the challenges?"
    # settings, not a list of kinds
    assert analyse("can it be used in different kinds of schools or is it one-size?").kind == FACT


def test_what_about_drops_what_the_asker_adds_after_a_comma():
    assert what_about("and what about the community side, any benefit there?") == "community"
    assert what_about("what about for the neighborhood itself, not just students?") == "for the neighborhood"


def test_a_later_sentence_that_names_a_kind_of_listed_thing_gives_the_head():
    # "the school's side of the deal" asks for no kind of thing; "on the hook for" asks for responsibilities
    assert analyse("walk me through the school's side of the deal - what is a school on the hook for?").head == (
        "responsibilities")
    assert analyse("who typically gets pulled into these partnerships besides the school itself?").head == (
        "stakeholders")
    # the players come first; what each brings is said of them
    assert analyse("Who are the players in a partnership and what does each one bring to the table?").head == "players"


def test_numbers_a_coordinator_tracks_are_the_measures_not_a_figure():
    analysis = analyse("what numbers should a nonprofit coordinator track to show the partnership is paying off?")
    assert analysis.head == "metrics"
    assert analysis.wants is None and analysis.asked_thing is None


def test_two_problems_told_apart_and_which_suits_a_place_better_are_comparisons():
    assert analyse("goal misalignment or communication barriers - how are these two problems different?").sides == (
        "goal misalignment", "communication barriers")
    assert analyse("which suits a rural district better, full-service schools or a charter network?").sides == (
        "full-service schools", "charter network")


def test_follow_ups_that_point_back_in_other_words():
    assert points_back("which countries have seen that?")
    assert written_out("has anyone actually put that into practice?") == "has anyone actually implement that?"
    assert what_about("building on the previous answer, what about the community side?") == "community"
    assert analyse("which students benefit most from those folks teaming up?").refers_back
    assert analyse("the one you mentioned about businesses - what did students get out of it?").described == (
        "businesses")


def test_a_definition_asked_for_as_a_request_or_of_a_term():
    assert defined_term("I need a simple definition of a school-community partnership") == (
        "school-community partnership")
    assert defined_term("what is the definition of a school-community partnership?") == "school-community partnership"
    assert subject_of("what is the definition of a school-community partnership?") == "school-community partnership"
    assert defined_term("What's the actual definition of a school-community partnership?") == (
        "school-community partnership")
    assert defined_term("what's a full-service school?") == "full-service school"


def test_what_goes_wrong_is_the_challenges_and_goals_that_do_not_line_up_are_misaligned():
    assert written_out("What tends to go wrong when schools team up?") == (
        "What challenges come up when schools team up?")
    assert analyse(written_out("what usually goes wrong in these partnerships")).head == "challenges"
    assert written_out("why do we end up with goals that don't line up?") == "why do we end up with misaligned goals?"
    assert written_out("the lights went out and nothing went wrong") == "the lights went out and nothing went wrong"


def test_a_question_that_opens_with_and_is_read_as_it_would_be_alone_unless_it_refers_back():
    assert analyse("and how do charter schools affect enrollment?").topic == "charter schools"
    assert analyse("ok and is it true that full-service schools cut absenteeism?").claim == (
        analyse("is it true that full-service schools cut absenteeism?").claim)
    assert analyse("and for the wider community?").instead == "community"
    assert analyse("so how does that work?").refers_back


def test_the_thing_you_said_about_describes_an_item_and_the_point_in_does_not():
    assert analyse("what was the thing you said about including everyone?").described == "including"
    assert analyse("the part they mentioned about funding - how does it work?").described == "funding"
    assert analyse("what's the point in partnering?").described is None
    assert analyse("the part about funding?").described is None


def test_an_abbreviation_is_spelled_out_as_the_documents_define_it():
    text = "2. **Community Collaboration Model (CCM)**: Particularly prevalent …"
    assert spelled_out_by(text, "CCM") == "Community Collaboration Model"
    assert spelled_out_by("a Public-Private Partnership (PPP) funds it", "PPP") == "Public-Private Partnership"
    assert spelled_out_by("the Parent Teacher Association (PTA)", "PTA") == "Parent Teacher Association"
    assert spelled_out_by("the model (CCM) of sorts", "CCM") is None  # no run of words has its initials
    assert spelled_out_by("Community Collaboration Model", "CCM") is None  # named, never defined
    names = {"CCM": "Community Collaboration Model"}
    assert spelled_out("What is the CCM trying to tackle?", names) == (
        "What is the Community Collaboration Model trying to tackle?")
    assert spelled_out("CCMs and the PTA", names) == "CCMs and the PTA"  # only whole abbreviations it knows


def test_a_list_asked_inside_a_sentence_or_as_what_to_get_right():
    assert analyse("Our board wants to know who the stakeholders are in a partnership.").head == "stakeholders"
    assert analyse("can you explain what the challenges are?").kind == LIST
    assert analyse("what the heck are they?").kind == FACT  # no kind of listed thing
    assert analyse("What do we need to get right for it to actually work?").head == "components"
    assert analyse("why bother collaborating at all? trying to convince my staff").head == "benefits"


def test_a_place_word_before_the_focus_is_not_the_focus():
    assert analyse("How do local communities themselves benefit long-term?").focus == "communities"


def test_the_focus_after_my_or_our_after_a_scene_setting_sentence_or_in_what_ways():
    assert analyse("What can our school give back to them in return?").focus == "school"
    assert analyse("New teacher here. What is my school supposed to do to support the community groups?").focus == (
        "school")
    assert analyse("We keep asking partners for things. What can our school give back?").focus == "school"
    assert analyse("In what concrete ways can a school support the organisations it partners with?").focus == (
        "school")
    # (not "partners" of "In which framework do partners keep …", nor "role" of "What is the role of …")
    assert analyse("In which framework do partners keep an ongoing conversation?").focus is None
    assert analyse("What is the role of schools?").focus is None


def test_the_town_or_the_neighbourhood_is_the_community_of_the_documents():
    assert written_out("and for the wider town?") == "and for the wider community?"
    assert written_out("what about for the neighborhood itself?") == "what about for the community itself?"
    assert written_out("we're a neighborhood association") == "we're a neighborhood association"
    assert written_out("our neighborhood school") == "our neighborhood school"
    assert written_out("schools in our town") == "schools in our town"  # where the asker is: see asked_part


def test_the_ways_schools_team_up_are_the_models_and_data_points_are_metrics():
    assert analyse("what are the different ways schools team up with outside groups?").head == "models"
    assert analyse("give me the main ways a school and its community can structure working together").head == "models"
    assert analyse("What are the best ways to collaborate with parents?").head == "ways"  # how, not which models
    assert written_out("Which specific data points are used to gauge it?") == (
        "Which specific metrics are used to gauge it?")


def test_a_word_ending_in_wise_asks_about_that_word():
    # (keeping everyone on the same page is keeping communication clear with them)
    assert written_out("tips for keeping everyone on the same page communication-wise?") == (
        "tips for keeping communication clear with everyone for communication?")
    assert written_out("Numbers-wise, which indicators do people look at?") == (
        "which indicators do people look at?")
    assert written_out("likewise, otherwise") == "likewise, otherwise"


def test_ways_to_or_what_areas_ask_for_several_things():
    for text, head in (("ways to collect feedback from families and partners?", "ways"),
                       ("good ways to keep partners informed?", "strategies"),  # (an implied head first)
                       ("metrics help us gauge impact on what areas exactly?", "areas")):
        analysis = analyse(text)
        assert (analysis.kind, analysis.head) == (LIST, head), text
    assert analyse("Is there a way to collect feedback?").kind != LIST


def test_numbers_one_tracks_are_metrics_and_hooking_up_is_connecting():
    assert written_out("What numbers should our board look at to judge it?") == (
        "What metrics should our board look at to judge it?")
    assert written_out("why track the numbers over several years?") == "why track the metrics over several years?"
    assert written_out("what numbers show that full-service schools work?") == (
        "what numbers show that full-service schools work?")  # figures asked for, not what to track
    assert written_out("which services does the model hook students up with") == (
        "which services does the model connect students to")


def test_itself_or_themselves_stresses_the_focus():
    stressed = analyse("What does a school itself bring to a partnership with the community?")
    assert (stressed.focus, stressed.focus_stressed) == ("school", True)
    assert analyse("What do schools themselves do in their pivotal role?").focus_stressed
    assert not analyse("What does a school bring to a partnership?").focus_stressed


def test_keeping_a_partnership_going_is_sustaining_it_and_what_it_takes_asks_how():
    assert written_out("how do we keep a partnership going long-term?") == "how do we sustain a partnership long-term?"
    assert written_out("keeping our partnerships alive") == "sustaining our partnerships"
    assert written_out("keep the kids going") == "keep the kids going"
    analysis = analyse("What does it take to sustain a partnership?")
    assert (analysis.asks_how, analysis.how_verb) == (True, "sustain")
    assert analyse("how do you actually achieve it?").how_verb == "achieve"
    assert analyse("What are the models?").how_verb is None


def test_schools_partnering_with_other_schools_is_inter_school_collaboration():
    assert written_out("schools partnering with other schools vs the CCM") == "inter-school collaboration vs the CCM"
    assert written_out("Is collaborating with one another worth it?") == "Is inter-school collaboration worth it?"
    assert written_out("partnering with local businesses") == "partnering with local businesses"


def test_why_partnerships_get_stuck_asks_for_their_challenges():
    assert written_out("why do partnerships get stuck? the root causes") == (
        "what challenges can partnerships face? the root causes")
    assert analyse(written_out("So why would these collaborations fizzle out?")).head == "challenges"
    assert written_out("why do partnerships need trust?") == "why do partnerships need trust?"


def test_what_marks_or_how_to_recognize_a_thing_asks_what_characterizes_it():
    assert written_out("What marks an effective partnership?") == "what characterizes an effective partnership?"
    assert written_out("How would I recognize an effective partnership?") == (
        "what characterizes an effective partnership?")
    assert analyse(written_out("what marks the good ones")).head == "characteristics"
    assert written_out("the bookmarks page") == "the bookmarks page"


@pytest.mark.parametrize(("question", "sides"), [
    ("Denver or Philadelphia, what did each partnership actually accomplish?", ("Denver", "Philadelphia")),
    ("what matters more when starting out, building trust or sorting out who does what?",
     ("building trust", "sorting out who does what")),
    ("For our PTA, is it better to focus on really listening to people or on setting up ways to collect feedback?",
     ("really listening to people", "setting up ways to collect feedback")),
    ("If our charity can either donate supplies or design a program for the school, how do those two kinds of help "
     "differ?", ("donate supplies", "design a program")),
    ("Is a public-private partnership better or worse than a social impact bond for funding student programs?",
     ("public-private partnership", "social impact bond")),
    ("Would a public-private partnership or a social impact bond be a better way to fund our after-school program?",
     ("public-private partnership", "social impact bond")),
    ("denver example vs the philadelphia one, how did they differ?", ("denver", "philadelphia")),
    # "is X or Y more suitable / better for …", after the asker's situation
    ("For a district wanting a step-by-step structure, is the Building Blocks Framework or the Collaborative "
     "Partnership Model more suitable?", ("Building Blocks Framework", "Collaborative Partnership Model")),
    ("Is inter-school collaboration or full-service schools better for a small rural district?",
     ("inter-school collaboration", "full-service schools")),
])
def test_comparisons_asked_as_each_either_or_better_or_worse(question, sides):
    assert analyse(question).sides == sides


@pytest.mark.parametrize("question", [
    "Is the CCM better than nothing?",
    "Is there a model or a framework that is better for us?",
    # a judgement for a setting, which the documents do not make, is not read as a comparison
    "Is the Community Schools Model a better fit than full-service schools for small rural districts?",
])
def test_better_than_alone_is_no_comparison(question):
    assert analyse(question).kind != COMPARISON


def test_two_words_before_one_describe_an_item_and_tho_is_written_out():
    analysis = analyse("the mental health one - what does that involve?")
    assert analysis.described == "mental health"
    assert analyse("tell me about the very last one").described is None
    assert analyse("what is the other main one?").described is None
    assert written_out("why is resourcing such a problem tho?") == "why is resources such a problem though?"


@pytest.mark.parametrize(("question", "head"), [
    ("who's usually involved in these partnerships? trying to figure out who to invite", "stakeholders"),
    ("Break down who plays a part in a school-community partnership and what each side brings.", "stakeholders"),
    ("Need some ideas for collecting feedback from families and partners", "strategies"),
    ("Give me some numbers we could track to show the school board the partnership is paying off.", "metrics"),
])
def test_lists_asked_as_who_is_involved_ideas_for_or_numbers_to_track(question, head):
    analysis = analyse(question)
    assert analysis.kind == LIST and analysis.head == head
    assert analysis.subject is None or not analysis.subject.startswith("numbers")


@pytest.mark.parametrize("question", ["who's involved in it?", "the fifth one - who's involved in that?",
                                      "who's involved in Interprofessional Collaboration?"])
def test_who_is_involved_in_one_named_thing_is_no_list(question):
    assert analyse(question).kind == FACT


@pytest.mark.parametrize(("question", "sides"), [
    ("Bigger headache in practice: misaligned goals or limited resources?", ("misaligned goals", "limited resources")),
    ("We're a rural district. Would school-to-school collaboration or a public-private partnership suit us better?",
     ("school-to-school collaboration", "public-private partnership")),
    ("so what's the school's job vs the community organization's job in all this?",
     ("school", "community organization")),
])
def test_comparisons_asked_as_a_bigger_headache_or_what_suits_us_better(question, sides):
    assert analyse(question).sides == sides


def test_setbacks_are_challenges_and_the_wider_community_is_the_community():
    assert written_out("how do we share the wins and the setbacks?") == (
        "how do we share the successes and the challenges?")
    assert what_about("what about for the wider community though?") == "for the community"
    assert defined_term("What exactly counts as a school-community partnership?") == "school-community partnership"


def test_possessives_openings_and_chat_idioms_ask_for_several_things():
    for text, head in (("As the school, what's on our plate once a partnership is set up?", "responsibilities"),
                       ("what are our responsibilities as a school?", "responsibilities"),
                       ("hallmarks of a partnership that's working well?", "characteristics"),
                       ("the telltale signs of a good partnership?", "characteristics"),
                       ("signs of a healthy partnership?", "characteristics"),
                       ("components of a good partnership?", "components"),
                       ("main benefits for students?", "benefits"),
                       ("who's typically involved on each side of these partnerships?", "stakeholders")):
        analysis = analyse(written_out(text))
        assert (analysis.kind, analysis.head) == (LIST, head), text
    assert written_out("got any examples of school/community partnerships?") == (
        "got any examples of school-community partnerships?")
    assert analyse("what are our students learning?").kind != LIST  # (a verb after the plural: one thing)
    assert analyse("As a parent, what is my role?").kind != LIST


def test_why_bother_or_the_point_of_partnerships_asks_why_they_matter():
    for text, written in (
            ("why would a school even bother teaming up with the community?",
             "why are school-community partnerships important?"),
            ("what's the point of these partnerships in the first place?",
             "why are school-community partnerships important?"),
            ("why bother collaborating at all? trying to convince my staff",
             "why is collaboration important? trying to convince my staff")):
        assert written_out(text) == written, text
    # (what else one may bother with is not the partnerships themselves)
    assert written_out("why bother tracking them long term?") == "why bother tracking them long term?"
    assert written_out("why bother partnering with the local library on reading?") == (
        "why bother partnering with the local library on reading?")


def test_a_topic_said_first_is_asked_about_by_name():
    assert written_out("Parents - what role do they play?") == "what role do Parents play?"
    assert written_out("local businesses: what do they bring?") == "what do local businesses bring?"
    # (an ordinal or a pointing word said first is no topic: it refers back)
    assert written_out("the second one - what do they offer?") == "the second one - what do they offer?"
    assert written_out("those two - how do they differ?") == "those two - how do they differ?"


def test_every_partner_knowing_their_role_is_clear_roles():
    assert written_out("Why does it matter that every partner knows exactly what their role is?") == (
        "Why does it matter that everyone has clear roles?")
    assert written_out("why does it matter that each partner knows their job?") == (
        "why does it matter that everyone has clear roles?")
    assert written_out("giving every partner a clearly defined job") == "giving every partner clear roles"
    assert written_out("every partner knows the school") == "every partner knows the school"


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("Denver and Philadelphia examples - how did those two partnerships differ?", ("Denver", "Philadelphia")),
        ("the CCM and full-service schools: how were the two models different?", ("CCM", "full-service schools")),
        ("For a small rural district, which is the bigger headache: goals that don't line up, or lack of resources?",
         ("goals that don't line up", "lack of resources")),
    ],
)
def test_sides_named_first_then_asked_how_they_differed(question, sides):
    assert analyse(question).sides == sides


@pytest.mark.parametrize(("question", "head"), [
    ("What should we be measuring to see if our partnership is paying off?", "metrics"),
    ("what data do districts usually look at when evaluating partnerships", "metrics"),
    ("Why is it so hard to get schools and community groups on the same page? I need the underlying causes.",
     "challenges"),
    ("I'm on the parish council. How does a school partnership benefit the wider neighbourhood, not just pupils?",
     "benefits"),
    ("How do local communities themselves benefit long-term when they partner with schools?", "benefits"),
    ("In the long run, what do partnerships usually deliver? Briefly pls", "benefits"),
    ("I want to know how community groups typically support students directly - mentoring, that sort of thing?",
     "contributions"),
    ("can you point me to some real world examples where school-community partnerships worked well", "examples"),
])
def test_lists_asked_as_what_to_measure_why_it_is_hard_how_others_benefit_or_real_world_examples(question, head):
    analysis = analyse(question)
    assert analysis.kind == LIST and analysis.head == head


@pytest.mark.parametrize("question", [
    # a nonprofit's own difficulty keeping a partnership up is one thing, and "why even bother exploring …" is asked
    # of the whole question, not of what follows "bother"
    "I run a small nonprofit. Why is it hard for groups like mine to keep up a partnership with a school?",
    "Why even bother exploring partnership models? What is it supposed to foster or promote?",
])
def test_why_it_is_hard_to_keep_something_up_or_why_bother_alone_stay_as_they_were(question):
    analysis = analyse(question)
    assert analysis.head != "challenges" and analysis.good_of is None


@pytest.mark.parametrize(("question", "point_of"), [
    ("Why should partners bother really listening to each other?", "listening to each other"),
    ("Is there any point putting our partnership wins in the school newsletter?",
     "putting our partnership wins in the school newsletter"),
])
def test_why_bother_doing_something_and_is_there_any_point_ask_its_point(question, point_of):
    assert analyse(question).good_of == point_of


def test_a_place_written_short_with_a_possessive_is_written_out():
    assert written_out("Is NYC's approach the same?") == "Is New York City's approach the same?"


@pytest.mark.parametrize(("question", "written"), [
    ("What's at the heart of a successful partnership?", "What's central to a successful partnership?"),
    ("What's the foundation that holds school-community partnerships together?",
     "What's the backbone of school-community partnerships?"),
    ("the basic building blocks of good communication?", "the components of good communication?"),
    ("What are equity-minded partnerships trying to do?", "What are equity-focused partnerships trying to do?"),
    ("who does what in a partnership?", "what are the roles and responsibilities in a partnership?"),
    # what a school itself does in a partnership is the role it plays
    ("What does the school itself bring to a partnership with the community?",
     "what role do schools themselves play in a partnership with the community?"),
    ("What does a school bring to the table in a partnership?", "what role do schools play in a partnership?"),
    # (the asker's own school, and a school's part in something else, are left as they are)
    ("what is my school expected to do for the partnership?", "what is my school expected to do for the partnership?"),
    ("What does the school do with the survey results?", "What does the school do with the survey results?"),
    # putting something into practice is implementing it
    ("Where has the Community Schools Model been put into practice?",
     "Where has the Community Schools Model been implemented?"),
    ("Is the Building Blocks Framework hard to put into action?",
     "Is the Building Blocks Framework hard to implement?"),
    # "which ones" after a sentence that names the things asks for those things
    ("Someone mentioned a few named frameworks for schools teaming up. Which ones should we look at?",
     "Someone mentioned a few named frameworks for schools teaming up. Which frameworks should we look at?"),
    # ("which ones" with nothing named before it is left as it is)
    ("which ones work best?", "which ones work best?"),
    # how someone benefits, or what they get out of partnerships, asks for their benefits
    ("In what way do the kids themselves benefit over the long haul?",
     "what are the benefits for the kids over the long term?"),
    ("what does the wider community (not just the school) get out of these partnerships?",
     "what are the benefits for the wider community of these partnerships?"),
    ("In the long run, what do schools and students gain from these partnerships?",
     "In the long run, what are the benefits for schools and students of these partnerships?"),
    # (what they get out of "it" is left to what "it" refers to)
    ("Community Schools Model - what do students actually get out of it?",
     "Community Schools Model - what do students actually get out of it?"),
    # keeping "it" going after a partnership is named is sustaining the partnership
    ("We don't want our partnership to fizzle out after a year. How do we make it last?",
     "We don't want our partnership to fizzle out after a year. How do we sustain the partnership?"),
    ("Our partnership with the local library has run for 2 years. How do we keep it sustainable and not let it "
     "fizzle out?", "Our partnership with the local library has run for 2 years. How do we sustain the partnership?"),
    # ("it" with no partnership named before is left to what it refers to)
    ("how do we keep it going?", "how do we keep it going?"),
    # keeping everyone on the same page, and comms, are communication
    ("how do we keep everyone on the same page between the school and the partner orgs?",
     "how do we keep communication clear with everyone between the school and the partner organizations?"),
    ("How do we keep comms good between our school and the partner orgs?",
     "How do we keep communication good between our school and the partner organizations?"),
    # where a group fits into a partnership is the role it plays in one, and "what is it that X bring" what X bring
    ("I'm a parent on the school council. Where do families like mine fit into a school-community partnership?",
     "I'm a parent on the school council. what role do families play in a school-community partnership?"),
    ("Where do parents fit in?", "what role do parents play?"),
    ("What is it that parents bring to a school-community partnership?",
     "what do parents bring to a school-community partnership?"),
    # collaboration setups or arrangements are the models of collaboration
    ("What sorts of collaboration setups do schools usually use with outside institutions?",
     "What sorts of collaboration models do schools usually use with outside institutions?"),
    ("partnership arrangements", "partnership models"),
    # wanting different things is having misaligned goals
    ("why do schools and community orgs so often end up wanting different things?",
     "why do schools and community organizations so often have misaligned goals?"),
    ("What tends to cause schools and community groups to want different things?",
     "What tends to cause schools and community groups to have misaligned goals?"),
    # a sticking point is a problem
    ("Why are resources such a sticking point?", "Why are resources such a problem?"),
    # keeping the lines open is maintaining open lines of communication; the school's own job is its role
    ("How do we keep the lines open this time round?",
     "How do we maintain open lines of communication this time round?"),
    ("In short, what is the school's own job in a partnership, as opposed to everyone else's?",
     "In short, what role do schools play in a partnership, as opposed to everyone else's?"),
    # (where something fits into a timetable is left as it is)
    ("Where does the mentoring fit into the school day?", "Where does the mentoring fit into the school day?"),
])
def test_figures_of_speech_are_written_in_the_words_documents_use(question, written):
    assert written_out(question) == written


def test_the_building_blocks_framework_keeps_its_name():
    assert "building blocks" in written_out("What are the building blocks of the Building Blocks Framework?")


def test_three_things_set_against_each_other_as_examples_are_no_two_sided_comparison():
    assert analyse("who's involved? like schools vs community groups vs parents etc").sides == ()
    assert analyse("Parents vs schools: who's involved?").sides == ("Parents", "schools")


@pytest.mark.parametrize(("question", "head"), [
    ("What are the underlying reasons partnerships struggle — culture, language, money, staffing?", "challenges"),
    ("If we measure success using data, which specific numbers should I pull together for the annual report?",
     "metrics"),
    ("Writing a paper on school-community partnerships — which case studies could I cite as examples of success?",
     "examples"),
    ("I run a small nonprofit. In what ways can groups like mine add value to a school partnership?", "contributions"),
    ("I run a small youth nonprofit. In what ways can organisations like mine add value when we partner with a local "
     "school?", "contributions"),
    ("I run a small neighborhood nonprofit. What could an outfit like ours realistically offer a school?",
     "contributions"),
    ("what kind of stuff can local community groups donate or provide to a school", "contributions"),
])
def test_lists_asked_as_underlying_reasons_numbers_to_pull_together_examples_of_success_or_adding_value(question,
                                                                                                       head):
    analysis = analyse(written_out(question))
    assert analysis.kind == LIST and analysis.head == head


def test_the_long_run_is_the_long_term():
    assert written_out("the long-run payoffs") == "the long-term payoffs"


def test_ultimately_and_trying_are_no_words_of_a_question_s_own():
    assert analyse("ok and what's it ultimately trying to achieve for kids?").refers_back
    assert not analyse("what are schools ultimately trying to achieve with community partners?").refers_back


def test_why_someone_is_bothering_to_do_something_asks_its_point():
    assert analyse("Why are schools bothering to bring mental health services into partnerships at all?").good_of == (
        "bring mental health services into partnerships at all")


@pytest.mark.parametrize(("question", "written"), [
    ("is it better to just listen carefully in meetings or to set up formal ways to get feedback?",
     "is it better to active listening or to creating platforms for feedback?"),
    ("really listening to people, or setting up ways for people to give feedback?",
     "active listening, or creating platforms for feedback?"),
    # (what listening to each other leads to is asked in the question's own words)
    ("what does really listening to each other lead to?", "what does really listening to each other lead to?"),
])
def test_listening_and_ways_to_give_feedback_are_written_in_the_documents_words(question, written):
    assert written_out(question) == written


@pytest.mark.parametrize("text", [
    "? I need " * 220, "why does that " * 140, "keep a partnership going " * 80, "a or b more useful " * 100,
    "the x side or " * 140, "Why explore partnership models? " * 60, "what do students and the town " * 70,
    "districts as examples " * 90,
    # … and the wordings read since
    "Denver Philadelphia New York " * 80, "Aaa, Bbb, " * 200, "Parents - what do they " * 100, "Beyond grades, " * 150,
    "should we go with X or Y " * 90, "what was different about a and b and " * 60,
    "keep our partnership going past the first " * 50, "x\u2013y " * 500, "any districts or cities where " * 80,
    "break down what The " * 100,
    "what are metrics supposed to gauge " * 60, "who do they usually work with " * 70,
    "what sets an effective partnership apart from one " * 40, "A or B: how do they " * 100,
    "We're weighing two approaches: a or b. " * 50, "put energy into a or into " * 80,
    "walk me through how a " * 90, "which countries have used " * 80, "money such a problem " * 100,
    "different settings " * 110, "Equity-focused - what do they " * 70, "what's the upside for a school " * 60,
    "keep everyone on the same page " * 60, "what does the school itself bring to the " * 50,
    "in what way do the kids and the " * 60, "hey, I'm " * 200, "which tends to sink partnerships more, a or " * 40,
    "frameworks. Which ones " * 90, "can our PTA " * 150, "keep it going and not let it fizzle " * 50,
    "a vs b, whats " * 140, "how would a compare with " * 80,
    "where do families like mine fit " * 60, "what is it that a b c " * 90, "concretely, how can a school " * 60,
    "who tends to be a b c at the table " * 50, "the community schools route " * 70, "is a or b more suitable " * 80,
    "For a, is b or c better for " * 70, "what trips a b up when " * 80, "where's a b c heading " * 80,
    "what's changing in how " * 80, "end up wanting different things " * 60, "keep the lines open " * 100,
    "what is the school's own job in " * 60, "our last " * 200, "sticking-points " * 120,
])
def test_hostile_repeats_of_the_new_wordings_are_read_without_error(text):
    text = text[:2000]
    analysis = analyse(text)
    assert analysis.question == " ".join(text.split())
    assert not asks_why_that(text)  # a repeat is no why-that follow-up
    assert len(asked_part(text)) <= len(text.strip())
    # written out in the documents' words, it is still a question that can be analysed
    assert analyse(written_out(text)).question


@pytest.mark.parametrize(("question", "sides"), [
    ("cultural awareness versus networking opportunities, whats the distinction between these two contributions?",
     ("cultural awareness", "networking opportunities")),
    ("cultural awareness vs networking opportunities, which matters more?",
     ("cultural awareness", "networking opportunities")),
    ("How would the Collaborative Partnership Model compare with a Public-Private Partnership Model for a mid-sized "
     "district?", ("Collaborative Partnership Model", "Public-Private Partnership Model")),
    # (a piece that says where the question is asked keeps its sides)
    ("In a partnership, what's the school's job vs the community organisation's job?",
     ("school", "community organisation")),
])
def test_a_question_after_the_second_side_or_how_one_would_compare_gives_the_sides(question, sides):
    assert analyse(question).sides == sides


def test_how_a_thing_is_supposed_to_operate_is_how_it_works_not_a_list():
    assert written_out("walk me thru how the collaborative partnership model is supposed to operate") == (
        "how does the collaborative partnership model work")
    assert analyse(written_out("walk me through how community schools operate")).kind == "fact"


@pytest.mark.parametrize(("question", "asked"), [
    ("hey, I'm putting together a PD session on how schools team up with other institutions. what are the main "
     "models people use?", "what are the main models people use?"),
    # (a question that leans on the situation keeps it)
    ("hi, we use the YMCA model. How does it work?", "hi, we use the YMCA model. How does it work?"),
])
def test_a_greeting_before_the_asker_s_situation_still_leaves_it_out(question, asked):
    assert asked_part(question) == asked


def test_what_the_asker_would_like_to_do_is_no_likeness_of_two_sides():
    assert analyse("Our district is drafting a partnership policy and I'd like to ground it in something established "
                   "rather than invent our own approach. Which frameworks could we base it on?").kind == LIST


def test_which_tends_to_do_more_compares_and_a_barrier_is_compared_as_a_challenge():
    analysis = analyse("Which tends to sink partnerships more, misaligned goals or lack of resources?")
    assert analysis.kind == COMPARISON
    assert analysis.sides == ("misaligned goals", "lack of resources")
    assert analyse("Which is a bigger barrier: misaligned goals or lack of resources?").aspect == "challenge"


def test_what_the_asker_is_trying_to_do_after_the_question_is_left_out():
    assert asked_part("What might a partnership look like on the ground, day to day? Trying to explain it to our "
                      "PTA.") == "What might a partnership look like on the ground, day to day?"
    assert analyse("What might a partnership look like on the ground, day to day?").head == "forms"
    # (a question after the question is kept)
    assert asked_part("What is it? Trying to work out if it fits?") == "What is it? Trying to work out if it fits?"


def test_the_asker_s_own_last_or_first_partnership_is_no_item_of_a_list():
    question = "Our last partnership fizzled out because nobody was talking. How do we keep the lines open?"
    assert analyse(question).ordinal is None
    assert analyse("and the last one?").ordinal == -1


def test_whether_a_thing_was_used_anywhere_asks_for_a_place():
    assert analyse("has it actually been used anywhere?").wants == "place"
    assert analyse("has the Community Schools Model been tried anywhere?").wants == "place"
    assert analyse("has it been useful?").wants is None


def test_what_a_thing_is_meant_for_is_no_part_of_its_name():
    assert analyse("who is interprofessional collaboration mainly meant for?").subject == (
        "interprofessional collaboration")
