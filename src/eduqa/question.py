"""Question analysis: what a question asks for, and what a follow-up refers back to.

Deterministic rules over the words of the question; no model runs here.

    >>> analyse("What are the common models of collaboration?").kind
    'list'
    >>> analyse("Which model addresses non-academic barriers to learning?").kind
    'fact'
    >>> analyse("How is the Community Schools Model different from the Public-Private Partnership Model?").sides
    ('Community Schools Model', 'Public-Private Partnership Model')
    >>> analyse("Tell me more about the third one").ordinal
    3
    >>> analyse("What services does it offer?").refers_back
    True
    >>> analyse("What role do parents play in these partnerships?").refers_back
    False
    >>> resolve("What services does it offer?", "Full-Service Schools")
    'What services does Full-Service Schools offer?'

- **fact**: one fact or definition ("Which model…", "What is…", "How do schools…").
- **list**: several things: "What are the…", "List…", "Name…", "What kinds of…", or a plural head noun after
  *what*/*which* ("What challenges do partnerships face?", "Which models…").
- **comparison**: "difference(s) between X and Y", "compare X with/and/to Y", "X vs Y", "how is X different
  from Y", "how does X differ from / compare with / stack up against Y", "how do X and Y differ", "X or Y:
  which…", "which is better, X or Y", "similarities and differences of X and Y", "is X the same as Y";
  `sides` are X and Y, without aspects such as "pros of" or trailing context ("as communication strategies").
- A **follow-up** refers back: an `ordinal` ("the second one", "the third model", "the last one"), a word
  that `described` an item ("the equity one") or the `next_item` ("the one after that") to the items of the
  previous list answer, or a pronoun (`refers_back`: "it", "its", "they", "that model") to the
  previous question's subject. A question with a pronoun but a subject of its own ("What role do parents
  play in these partnerships?") stands alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FACT, LIST, COMPARISON = "fact", "list", "comparison"

_END = r"\s*[?.!]*\s*$"
#: "should we go with", "should our district use": a choice asked of the documents.
_SHOULD_WE_PICK = (r"should\s+(?:we|i|our\s+[\w-]+|my\s+[\w-]+)\s+(?:use|go\s+with|pick|choose|adopt|opt\s+for|try|"
                   r"start\s+with|follow|base\s+(?:it|ours|our\s+\w+)\s+on|"
                   # "should our district put energy into X or into Y"
                   r"put\s+(?:(?:our|its|their|more|the)\s+)?(?:energy|effort|time|resources|money|focus)\s+into|invest\s+in|"
                   r"prioriti[sz]e)")
_ASKS_SHOULD_WE_PICK = re.compile(r"^(?:[^,?]{1,40},\s*)?(?:so\s+|and\s+)?" + _SHOULD_WE_PICK + r"\b", re.I)
_COMPARISONS = [
    re.compile(r"\b(?:similarities\s+and\s+differences|differences\s+and\s+similarities)\s+(?:of|between|in)\s+"
               r"(?P<a>.+?)\s+and\s+(?P<b>.+?)" + _END, re.I),
    re.compile(r"\b(?:differences?|distinctions?|similarities|contrast)\s+between\s+(?P<a>.+?)\s+and\s+"
               r"(?P<b>.+?)" + _END, re.I),
    re.compile(r"\bhow\s+(?:is|are|was|were)\s+(?P<a>.+?)\s+(?:different|distinct)\s+(?:from|than|to)\s+(?P<b>.+?)"
               + _END, re.I),
    re.compile(r"\b(?:how|in\s+what\s+ways?|where)\s+(?:is|are|was|were)\s+(?P<a>.+?)\s+unlike\s+(?P<b>.+?)" + _END,
               re.I),
    # … "how would the Collaborative Partnership Model compare with a PPP for a mid-sized district?"
    re.compile(r"\bhow\s+(?:does|do|did|would|will|might|could)\s+(?P<a>.+?)\s+(?:differ\s+from|compare\s+(?:with|to)|"
               r"contrast\s+with)\s+"
               r"(?P<b>.+?)" + _END, re.I),
    # "I'm curious how the role of parents compares with the role of community organisations"
    re.compile(r"\bhow\s+(?!(?:does|do|did|is|are|can|would|will)\b)(?P<a>.+?)\s+(?:compares|differs|contrasts)\s+"
               r"(?:with|to|from)\s+(?P<b>.+?)" + _END, re.I),
    # "Set the Denver example side by side with the Philadelphia one"
    re.compile(r"\b(?:set|put|place|lay)\s+(?P<a>.+?)\s+(?:side\s+by\s+side|next\s+to|alongside)\s+(?:with\s+)?"
               r"(?P<b>.+?)" + _END, re.I),
    # "What do the Community Schools Model and full-service schools have in common …?"
    re.compile(r"\bwhat\s+(?:do|does)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+have\s+in\s+common\b", re.I),
    # "contrast schools partnering with other schools against the CCM": "against" or "versus" splits first
    re.compile(r"\b(?:compare|contrast|weigh|balance)\s+(?P<a>.+?)\s+(?:against|versus|vs\.?)\s+(?P<b>.+?)" + _END,
               re.I),
    # "compare what schools bring to a partnership with what community organizations bring": "with" before "to"
    re.compile(r"\b(?:compare|contrast)\s+(?P<a>(?:what|how)\s.+?)\s+with\s+(?P<b>(?:what|how)\s.+?)" + _END, re.I),
    re.compile(r"\b(?:compare|contrast)\s+(?P<a>.+?)\s+(?:with|and|to)\s+(?P<b>.+?)" + _END, re.I),
    # "I keep mixing up A and B. Can you contrast them?": the sides are named in the sentence before
    re.compile(r"\b(?:up|between|about|of|confuse|confusing)\s+(?P<a>[^.?!,]+?)\s+and\s+(?P<b>[^.?!,]+?)[.?!]\s+[^.?!]*"
               r"\b(?:contrast|compare|differentiate|distinguish|tell\s+apart)\s+(?:them|the\s+two|these|those|both)\b"
               # (the sides start their clause: trying every word as a start made long questions take seconds)
               r"|(?:^|(?<=[.?!,]))[^\w.?!,]*\b(?P<c>[^.?!,]+?)\s+and\s+(?P<d>[^.?!,]+?)(?:[.?!]\s+|,\s*)(?:so\s+)?(?:how\s+(?:do|did)\s+(?:they|their|th[eo]se\s+two|the\s+two)\s+"
               # "Denver and Philadelphia both came up as examples. How do those two partnerships differ?" ("How were
               # their partnerships different?")
               r"(?:[\w-]+\s+)?(?:\w+ly\s+)?differ|how\s+(?:are|were)\s+(?:they|their|th[eo]se\s+two|the\s+two)\s+"
               r"(?:[\w-]+\s+)?(?:\w+ly\s+)?different|what(?:'s|\s+is)\s+"
               r"the\s+difference)\b", re.I),
    # "technology integration and mental health as future trends... compare them for me?"
    re.compile(r"^(?P<a>[^.?!,]+?)\s+and\s+(?P<b>[^.?!,]+?)(?:\s+as\s+[^.?!,]+?)?\s*(?:\.{2,}|…|[.?!,:;–—-])\s*"
               r"(?:(?:can|could|would)\s+you\s+|please\s+|now\s+|so\s+)?(?:compare|contrast)\s+(?:them|the\s+two|these|"
               r"those|both)\b", re.I),
    # "Side by side, what do the equity trend and the sustainability trend each involve?"
    re.compile(r"\bwhat\s+(?:do|does)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+each\s+(?:involve|do|mean|offer|bring|cover|"
               r"add|look\s+like)\b", re.I),
    re.compile(r"\bwhat\s+(?:distinguishes|distinguished|separates|separated|sets|set)\s+(?P<a>.+?)\s+(?:from|apart\s+from)\s+"
               r"(?P<b>.+?)"
               + _END, re.I),
    re.compile(r"\bhow\s+(?:does|do|did|would|will)\s+(?P<a>.+?)\s+(?:stack\s+up|measure\s+up|hold\s+up|fare)\s+"
               r"(?:against|to|with|next\s+to|compared\s+(?:with|to))\s+(?P<b>.+?)" + _END, re.I),
    re.compile(r"^(?:how\s+do\s+|in\s+what\s+ways?\s+do\s+)(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+"
               r"(?:differ|compare|contrast)\b.*$", re.I),
    # "Should we go with the Collaborative Partnership Model or the Building Blocks Framework if we want …?" (not with
    # "Just tell me which one to pick.", a pick the documents do not make: see `_analysis`)
    re.compile(_ASKS_SHOULD_WE_PICK.pattern + r"\s+"
               r"(?P<a>[^?,]+?)\s+or\s+(?P<b>[^?,]+?)(?:\s+(?:to|for|if|when|as|in\s+order\s+to)\b[^?]*)?" + _END,
               re.I),
    # "What was different about the Denver and Philadelphia partnership examples?"
    re.compile(r"\bwhat(?:'s|’s|\s+is|\s+was|\s+were)\s+(?:so\s+|really\s+)?different\s+(?:about|between)\s+"
               r"(?P<a>.+?)\s+and\s+(?P<b>.+?)" + _END, re.I),
    # … "For a small rural district, which is the bigger headache: goals that don't line up, or lack of resources?"
    re.compile(r"^(?:[^,?]{1,40},\s*)?(?:which\s+is\s+(?:the\s+)?(?:better|worse|more\s+\w+|best|worst|bigger|biggest|"
               r"larger|greater|"
               r"harder|tougher|easier|cheaper)\b[^,:?]*[,:]?\s*|which\s+(?:one\s+)?(?:should|would|do|"
               r"does)\s+[^,:?]+[,:]\s*|"
               # "which helps more, a Montessori school or the interprofessional collaboration model?"
               # … "Which future trend matters more for us: the tech side or the mental health side?"
               r"(?:which|what)\s+(?:one\s+|(?:[a-z-]+\s+){1,2}?)?(?:helps|works|fits|suits|serves|matters|costs|"
               r"pays\s+off)\s+"
               # "which suits a rural district better, X or Y"
               r"(?:(?:an?|the|our|my)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+)?(?:more|better|best|less|most)\b[^,:?]*[,:]?\s*|"
               # "Which tends to sink partnerships more, misaligned goals or lack of resources?"
               r"(?:which|what)\s+(?:one\s+)?(?:tends\s+to|is\s+(?:more\s+)?likely\s+to)\s+[\w-]+(?:\s+[\w-]+){0,2}?\s+"
               r"(?:more|most)\b[^,:?]*[,:]\s*)"
               r"(?P<a>.+?)\s+or\s+(?P<b>.+?)" + _END, re.I),
    # "would a charter school network work better for us than the community schools model?"
    re.compile(r"\b(?:would|does|do|will|could|might)\s+(?P<a>.+?)\s+(?:work|fit|suit|serve|do)\s+(?:\w+ly\s+)?better\s+"
               r"(?:for\s+(?:us|me|our\s+\w+|a\s+\w+)\s+)?than\s+(?P<b>.+?)" + _END, re.I),
    # "is it better to just listen carefully in meetings or to set up formal ways to get feedback?"
    # … "For our PTA, is it better to focus on listening or on setting up ways to collect feedback?"
    re.compile(r"^(?:[^,?]{1,40},\s*)?(?:so\s+|and\s+)?(?:is\s+it|would\s+it\s+be)\s+(?:\w+ly\s+)?better\s+to\s+"
               r"(?:just\s+)?(?:focus\s+on\s+)?(?P<a>.+?)\s+or\s+(?:on\s+)?"
               r"(?:to\s+)?(?:just\s+)?(?P<b>.+?)" + _END, re.I),
    re.compile(r"^(?P<a>[^,:;?]+?)\s+or\s+(?P<b>[^,:;?]+?)\s*(?:[:,;?–—-]+|\s)\s*(?:which|what(?:'s|’s|s|\s+is)\s+the\s+"
               r"difference|how\s+do\s+(?:they|those|these|the)\s+(?:two\s+)?(?:[\w-]+\s+)?(?:\w+ly\s+)?(?:differ|compare)|what\s+(?:distinguishes|separates|sets\s+apart)|"
               # "goal misalignment or communication barriers - how are these two problems different?"
               r"how\s+(?:are|is)\s+(?:they|those|these|the)\s+(?:two\s+)?(?:[\w-]+\s+)?(?:\w+ly\s+)?different|"
               r"pros\s*(?:/|and|&)\s*cons|trade-?offs|(?:upsides|advantages)\s+(?:and|&)\s+(?:downsides|disadvantages))"
               r"\b.*$", re.I),
    re.compile(r"^(?P<a>(?:[\w’'-]+\s+){0,4}?[\w’'-]+)\s+or\s+(?P<b>(?:[\w’'-]+\s+){0,4}?[\w’'-]+)\s*:\s*\S", re.I),
    # "Bigger headache in practice: misaligned goals or limited resources?"
    re.compile(r"^(?:the\s+|a\s+)?(?:bigger|biggest|worse|worst|harder|hardest|better|best|more\s+\w+|greater|"
               r"tougher)\s+[^:?]{0,40}:\s*(?P<a>[^:?]+?)\s+or\s+(?P<b>[^:?]+?)" + _END, re.I),
    # "For communicating with stakeholders, newsletters or surveys — what is each one good for?"
    re.compile(r"(?:^|,\s*)(?P<a>[^,:;?]+?)\s+or\s+(?P<b>[^,:;?]+?)\s*[:,;?–—-]+\s*what\s+(?:is|does|do|did)\s+"
               r"(?:each|either)(?:\s+one)?\b.*$", re.I),
    # "Which future trend is more about wellness and which about the environment: mental health or sustainability?"
    re.compile(r"^which\s+(?:[\w-]+\s+){0,3}?(?:is|are|would|should|does|do)\b[^:?]*:\s*(?P<a>[^:?]+?)\s+or\s+"
               r"(?P<b>[^:?]+?)" + _END, re.I),
    re.compile(r"^(?:so\s+|and\s+|ok(?:ay)?,?\s+)?(?:what\s+is\s+|what's\s+|what’s\s+)?(?P<a>.+?)\s+(?:vs\.?|versus|"
               r"compared\s+(?:with|to))\s+(?P<b>.+?)"
               + _END, re.I),
    # "Between misaligned goals and limited resources, what drives each challenge?"
    re.compile(r"^(?:so\s+|and\s+)?between\s+(?P<a>[^,?]+?)\s+and\s+(?P<b>[^,?]+?)\s*,\s*(?:what|which|how|who|where)\b"
               r".*$", re.I),
    # "Is a public-private partnership better or worse than a social impact bond for funding student programs?" ("is
    # X better than Y for us?" alone asks for a judgement, which the documents do not make)
    re.compile(r"^(?:[^,?]{1,40},\s*)?(?:so\s+|and\s+)?(?:is|are|would|will)\s+(?!it\b|there\b)(?P<a>[^?,]+?)\s+"
               r"(?:\w+ly\s+)?(?:better\s+or\s+worse|worse\s+or\s+better)\s+(?:\w+\s+){0,3}?than\s+"
               r"(?:just\s+)?(?!(?:nothing|none|before|ever|usual|average|expected|that|this|it|us|them)\b)"
               r"(?P<b>[^?,]+?)" + _END, re.I),
    # "Would a public-private partnership or a social impact bond be a better way to fund our program?"
    # … "For a district wanting a step-by-step structure, is the Building Blocks Framework or the Collaborative
    # Partnership Model more suitable?", "is X or Y better for us?"
    re.compile(r"^(?:[^,?]{1,60},\s*)?(?:so\s+|and\s+)?(?:would|will|is|are|could)\s+(?!it\b|there\b)"
               r"(?P<a>[^?,]+?)\s+or\s+(?P<b>[^?,]+?)\s+(?:(?:be|make|work\s+as)\s+"
               r"(?:a\s+|the\s+)?(?:better|best|more\s+\w+|stronger|cheaper)|"
               r"(?:\w+ly\s+)?better\s+(?:for|suited|if|when)|"
               # "Are achievement numbers or surveys more useful for judging our partnership?"
               r"(?:more|less)\s+(?:useful|effective|helpful|valuable|practical|relevant|reliable|informative|"
               r"telling|meaningful|suitable|appropriate|realistic|workable|sensible))\b.*$"
               # "Would school-to-school collaboration or a public-private partnership suit us better?"
               r"|(?:^|[.?!]\s+)(?:so\s+|and\s+)?(?:would|will|does|do)\s+(?P<c>[^?,.]+?)\s+or\s+(?P<d>[^?,.]+?)\s+"
               r"(?:suit|fit|serve|work\s+for|help)\s+(?:us|me|them|our\s+\w+|a\s+\w+)\s+(?:\w+ly\s+)?better\b.*$",
               re.I),
    # "If our charity can either donate supplies or design a program, how do those two kinds of help differ?"
    re.compile(r"\beither\s+(?P<a>[^,?]+?)\s+or\s+(?P<b>[^,?]+?)\s*,\s*how\s+(?:do|does|would)\s+(?:those|these|the|they)\b"
               r"[^?]*\b(?:differ|compare)\b.*$", re.I),
    # "What does the CCM do that full-service schools don't?"
    re.compile(r"\bwhat\s+(?:does|do|can)\s+(?P<a>.+?)\s+(?:do|offer|provide|give|have|bring|cover)\s+that\s+"
               r"(?P<b>.+?)\s+(?:doesn['’]t|don['’]t|does\s+not|do\s+not|can['’]t|cannot|can\s+not)\b.*$", re.I),
    # (the sides stay in one sentence: "what are the signs of X? like what does a healthy one look like" is no
    # comparison)
    # … "Is the Building Blocks Framework the same idea as the Collaborative Partnership Model?" ("I'd like to" is no
    # likeness)
    re.compile(r"\b(?:is|are)\s+(?!it\b)(?P<a>[^?.!]+?)\s+(?:\w+ly\s+|just\s+|much\s+|very\s+)?"
               r"(?:the\s+same\s+(?:thing\s+|idea\s+|concept\s+|approach\s+|kind\s+of\s+thing\s+)?as|similar\s+to|"
               r"(?<!['’]d\s)(?<!would\s)like(?!\s+to\b))\s+"
               r"(?!(?:mine|ours|me|us|you|yours|him|her|them|this|that|these|those)\b)(?P<b>.+?)"
               r"(?:\s*,|\s+or\b|" + _END + r")", re.I),
    # "Are inter-school collaboration and interprofessional collaboration basically the same thing?"
    re.compile(r"^(?:so\s+|and\s+)?(?:are|is)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:\w+ly\s+|just\s+)?(?:the\s+same"
               r"(?:\s+thing)?|alike|interchangeable|different\s+things)\s*(?:[?.!,]|\s+or\b|$).*$", re.I),
    # "We're weighing a full-service school against a magnet school. How do they stack up?"
    re.compile(r"\b(?:weighing|comparing|contrasting|choosing\s+between|deciding\s+between)\s+(?P<a>[^.?!]+?)\s+"
               r"(?:against|versus|vs\.?|and|with|or)\s+(?P<b>[^.?!]+?)\s*[.?!]\s+[^.?!]*\b(?:how\s+do\s+(?:they|the\s+two)|"
               r"which|what(?:'s|\s+is)\s+the\s+difference)\b", re.I),
    # "Denver and Philadelphia examples - how did those two partnerships differ?"
    re.compile(r"^(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*[:,;–—-]\s*(?:what(?:'s|\s+is|\s+are)\s+the\s+differences?|"
               r"how\s+(?:do|did)\s+(?:they|th[eo]se\s+two|the\s+two)\s+(?:[\w-]+\s+)?(?:\w+ly\s+)?(?:differ|compare)|"
               r"how\s+(?:are|were)\s+(?:they|th[eo]se\s+two|the\s+two)\s+(?:[\w-]+\s+)?(?:\w+ly\s+)?different|"
               r"what\s+does\s+each(?:\s+one)?\s+do\b)" + _END
               + r"|^(?P<c>.+?)\s+and\s+(?P<d>.+?)\s*[:,;–—-]\s*what\s+does\s+each(?:\s+one)?\s+do\b.*$", re.I),
]
_SIDE_TAIL = re.compile(
    r"\s+(?:in\s+(?:terms\s+of|how|what)|when\s+it\s+comes\s+to|with\s+respect\s+to|regarding|as\s+(?:a|an)?\s*\w+s?\b|"
    r"(?:in|for|within)\s+(?:a|an|the|future|our|their|these|those|such)?\s*(?:(?:small|large|big|rural|urban|"
    r"suburban|local|public|private|new|primary|secondary|high|middle|elementary|\w+-\w+)\s+){0,2}(?:school|schools|"
    r"district|districts|partnerships?|education|practice)\b|"
    # "… for my literature review", "… described on the Q&A page": the asker's purpose, the document it is in
    r"for\s+(?:my|our)\s+|(?:as\s+)?(?:described|mentioned|discussed|listed|presented|covered|defined)\s+(?:on|in|by)\s+|"
    # "… the community organization's job in all this"
    r"in\s+all\s+(?:this|that|of\s+this|of\s+that)\b|"
    # "are achievement numbers or surveys more useful?"
    r"(?:more|less)\s+(?:useful|important|effective|helpful|valuable|practical|relevant|reliable|informative|"
    r"telling|meaningful)\b|"
    # "… school-community partnerships in the Q&A"
    r"(?:in|on|from)\s+the\s+(?:Q\s*&\s*A|FAQ|article|page|document|text)\b)"
    r".*$",
    re.I,
)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)

#: Words that ask for examples from the real world: "real world examples of …", "concrete examples".
_REAL = r"real|real-world|real\s+world|real-life|concrete|actual|specific"
_LIST_START = re.compile(
    r"^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:list|name|enumerate|outline|identify|"
    # ("Can you break down what the Building Blocks Framework is meant to do?" asks about one named thing)
    r"(?:run|walk|take)\s+(?:me|us)\s+through|break\s+down(?!\s+(?:what|how|why)\s+(?:the\s+)?(?-i:[A-Z]))|give\s+(?:me\s+)?"
    r"(?:a\s+list|some|the|a\s+few|several|a\s+couple(?:\s+of)?|examples|(?:real|real-world|concrete|actual|specific)\s+"
    r"examples\s+of)|"
    # "can you point me to real world examples of partnerships that worked"
    r"(?:point|direct|refer)\s+(?:me|us)\s+to\s+(?:some\s+|a\s+few\s+|any\s+)?(?:(?:good|" + _REAL
    + r")\s+)?examples)\b"
    # "ways to collect feedback from families?": a request written as what it asks for
    r"|^(?:any\s+|some\s+|good\s+|practical\s+|simple\s+|easy\s+)?ways\s+(?:to|of|for)\b"
    # "real world examples of school/community partnerships that worked?"
    r"|^(?:any\s+|some\s+|good\s+)?(?:(?:" + _REAL + r")\s+)?examples\s+of\b",
    re.I,
)
_WHAT_ARE = re.compile(r"^(?:as\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[\w-]+,\s*)?"  # "As the school, what are …"
                       # … "Beyond grades, what are …", "Long term, what are …"
                       r"(?:(?!(?:what|which|who|how|why)\b)(?:[\w’'-]+\s+){0,4}?[\w’'-]+,\s*)?"
                       r"(?:so\s+|and\s+|like\s+|ok(?:ay)?,?\s+|in\s+a\s+nutshell,?\s+|basically,?\s+|briefly,?\s+|"
                       r"quickly,?\s+)?(?:what|who)\s+(?:are|were)\s+(?!you\b|they\b|we\b)", re.I)
#: "What kinds of services …", "which type of programs …"; "what kind of training …" asks for one thing.
_KINDS_OF = re.compile(r"\b(?:what|which)\s+(?:(?:kinds|types|sorts|forms|examples|ways)\s+of\b|"
                       r"(?:kind|type|sort|form|example|way)\s+of\s+(?:[\w-]+\s+)?"
                       r"(?!(?:does|goes|has|was|is)\b)[\w-]+[^s\W]s\b)", re.I)
#: Plural nouns that ask for several things wherever they stand: "… successful? key components pls".
_LIST_NOUNS = (
    "components|models|frameworks|strategies|challenges|benefits|trends|roles|responsibilities|contributions|"
    "metrics|examples|steps|ways|types|kinds|factors|elements|characteristics|features|stakeholders|tools|"
    "barriers|principles|approaches|case studies|indicators|measures|advantages|obstacles|priorities|ingredients|"
    "pillars|essentials|groups|services|players"
)
#: Plural nouns that name the kinds of things documents list.
LIST_NOUNS = frozenset(w for w in _LIST_NOUNS.split("|") if " " not in w)
#: Nouns that name the same kind of listed thing: a list under "Key challenges" answers "What obstacles …?".
_FAMILIES = (
    "challenges barriers obstacles hurdles difficulties problems issues pitfalls risks downsides drawbacks",
    "components elements ingredients factors essentials pillars",
    "benefits advantages gains outcomes payoffs strengths upsides perks pluses results",
    "responsibilities duties obligations jobs job",
    "metrics measures indicators",
    "strategies approaches methods tactics practices techniques ways steps tips pointers",
    "tools platforms channels instruments",
    "stakeholders players actors parties participants groups",
    "forms shapes",
    "characteristics features traits qualities hallmarks",
    "examples cases instances illustrations",
    "businesses companies firms corporations employers",
)
NOUN_FAMILY = {word: tuple(family.split()) for family in _FAMILIES for word in family.split()}
#: After "who's involved in", what is not one thing already named: "it", "that one", "the Community Schools Model".
_NOT_ONE_THING = (r"(?!(?:it|them)\b|(?:that|this|those|these)(?:\s+(?:one|ones|model|approach|framework))?\W*$|"
                  r"(?:the\s+)?(?-i:[A-Z]))")
#: Questions that ask for several things without naming them: "What usually gets in the way?" asks for
#: challenges, "What should we be tracking?" for metrics, "What is a school on the hook for?" for
#: responsibilities.
_IMPLIED_HEADS = (
    (re.compile(r"\bwhat\s+(?:should|do|must|can|could|would)\s+(?:we|i|you|schools?|districts?|partners?)\s+(?:be\s+)?"
                r"(?:track|tracking|monitor|monitoring|measur(?:e|ing)|look(?:ing)?\s+at)"
                # "What should we be measuring to see if our partnership is paying off?"
                r"(?:\W*$|\s+to\s+(?:see|know|tell|check|find\s+out|judge|gauge|show|prove)\b)|"
                r"\bhow\s+(?:would|will|do|can|could|should)\s+(?:we|i|you)\s+(?:ever\s+)?know\s+(?:if|whether)\b|"
                # "what data should we be collecting?"
                r"\bwhat\s+(?:data|numbers|figures|evidence|information)\s+(?:should|do|must|can|could|would)\s+(?:we|i|you|"
                # "what numbers should a nonprofit coordinator track …?"
                r"schools?|districts?|(?:an?\s+|the\s+|our\s+|my\s+)(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:\w+ly\s+)?(?:be\s+)?"
                r"(?:collect|collecting|track|tracking|gather|gathering|measur(?:e|ing)|look(?:ing)?\s+at|pull\s+together|"
                r"report(?:ing)?|compil(?:e|ing))\b|"
                # "which specific numbers should I pull together for the annual report?"
                r"\b(?:which|what)\s+(?:specific\s+|exact\s+|key\s+)?(?:numbers|figures|statistics|stats)\s+(?:should|do|must|"
                r"can|could|would)\s+(?:we|i|you)\b|"
                # "how would i even start evaluating whether our partnership works?"
                r"\b(?:evaluat\w*|assess\w*|measur\w*|judg\w*|gaug\w*)\s+(?:whether|if|how\s+well)\b|"
                # "Which data points show whether a partnership is paying off?"
                r"\b(?:which|what)\s+data\s+points\b|"
                # "Give me some numbers we could track to show the board …"
                r"\b(?:numbers|figures|data|measures)\s+(?:we|i|you|they)\s+(?:could|should|can|might|would)\s+"
                r"(?:track|measure|collect|report|monitor)\b",
                re.I), "metrics"),
    (re.compile(r"^(?:and\s+|so\s+)?what\s+(?:\w+ly\s+|often\s+|tends\s+to\s+|can\s+)?(?:gets?|stands?|comes?|goes)\s+"
                r"(?:in\s+the\s+way\b|wrong(?:\W*$|\s+(?:when|with|in|for|between)\b[^?]*\b(?:try|tries|trying|work|working|"
                r"team|teaming|partner|partnering|collaborat\w*)\b))|"
                r"^(?:and\s+|so\s+)?what\s+(?:\w+ly\s+|often\s+|tends\s+to\s+|could\s+|can\s+|might\s+|would\s+|will\s+)?"
                r"(?:holds?|trips?|hold|trip)\s+\w+(?:\s+\w+)?\s+"
                # … "What usually trips schools up when they try to work with community organisations?"
                r"(?:back|up)(?:\W*$|\s+(?:when|while|in|with|between)\b)|"
                # "what usually trips up school-community partnerships?", "why do partnerships run into trouble?"
                r"\bwhat\s+(?:\w+ly\s+|often\s+|tends\s+to\s+|can\s+|might\s+)?(?:trips?|holds?)\s+up\b|"
                r"\b(?:run|runs|running|ran|get|gets|getting|got)\s+into\s+(?:trouble|difficulties|problems)\b|"
                r"^why\s+do\s+(?:so\s+many\s+|most\s+|many\s+|some\s+)[^?]*\b(?:fail|stall|falter|fall\s+apart|"
                r"break\s+down|fizzle)|"
                # "what's usually the hardest part of getting schools and local groups to work together?"
                r"\bwhat(?:'s|’s|s|\s+is|\s+are)\s+(?:\w+ly\s+)?the\s+(?:hardest|toughest|trickiest)\s+(?:parts?|things?)\s+"
                r"(?:of|about|in|with)\b|"
                # "Why is it so hard to get schools and community groups on the same page?", "the root causes"
                r"^(?:and\s+|so\s+|but\s+)?why\s+is\s+it\s+(?:often\s+|usually\s+)?(?:so\s+)?(?:hard|difficult|tough|"
                r"tricky)\s+(?:for\s+[^?]{1,40}?\s+)?to\s+(?:get|make|bring)\b|\b(?:underlying|root|deeper)\s+(?:causes|reasons)\b",
                re.I), "challenges"),
    (re.compile(r"\bwhat\s+(?:good|gains?)\s+(?:\w+\s+)?(?:comes?|came)\s+(?:out\s+)?of\b|"
                r"\bwhat\s+(?:\w+\s+)?good\s+(?:do|does|did|can|will|would)\b|"
                r"\bwhat\s+(?:can|could|does|do|will|would)\s+(?:\w+\s+)?come\s+out\s+of\b|"
                r"\bwhat(?:'s|’s|\s+is)\s+in\s+it\s+for\b|\bthe\s+pay-?off\b|\bwhat\s+do(?:es)?\s+\w+(?:\s+\w+){0,3}?\s+(?:get|gain)\s+out\s+of\b|"
                # "what would my kid actually gain from the school teaming up with community orgs?"
                r"\bwhat\s+(?:do|does|would|will|can|could|might)\s+(?:my|our|the|a)?\s*(?:kids?|child|children|students?|son|"
                r"daughter|learners)\s+"
                # … "what do students and the neighborhood actually gain from this kind of collaboration?"
                r"(?:and\s+(?:the\s+|our\s+|their\s+)?(?:wider\s+|local\s+)?(?:neighbou?rhoods?|communit(?:y|ies)|towns?|"
                r"families|parents|teachers)\s+)?(?:\w+ly\s+)?(?:gain|get)\s+(?:from|out\s+of)\b|"
                # "why would a school even bother teaming up with the community?"
                r"\bwhy\s+(?:would|should|do|does)\s+(?:a\s+|the\s+|our\s+|any\s+)?[\w-]+\s+(?:even\s+)?bother\s+(?:with\s+)?"
                r"(?:teaming\s+up|partnering|collaborating|working\s+together|community\s+partnerships?|partnerships?|"
                r"collaborations?)\b|"
                # "why bother collaborating at all?"
                r"^(?:but\s+|so\s+|and\s+)?why\s+(?:even\s+)?bother\s+(?:with\s+)?(?:collaborating|partnering|teaming\s+up|"
                r"working\s+together|partnerships?|collaborations?)\b|"
                # "Over the long run, how do these partnerships benefit students and their communities?"
                r"(?:^|[,.?!]\s*)how\s+(?:do|does|can|will|would)\s+(?:these\s+|such\s+|the\s+|school-community\s+)?"
                r"(?:partnerships?|collaborations?|models?)\s+benefit\b|"
                r"(?:^|[,.?!]\s*)how\s+(?:do|does|can|will|would)\s+(?:an?\s+|our\s+)(?:school(?:-community)?\s+)?"
                r"(?:partnerships?|collaborations?)\s+benefit\b|"
                # "How do local communities themselves benefit …?", "what does the wider neighbourhood gain from …?"
                r"\bhow\s+(?:do|does|can|will|would)\s+(?:the\s+|our\s+)?(?:wider\s+|local\s+|surrounding\s+)?"
                r"(?:communit(?:y|ies)|neighbou?rhoods?)\s+(?:themselves\s+|itself\s+)?benefit\b|"
                r"\bwhat\s+(?:do|does|will|would|can)\s+(?:the\s+|our\s+)?(?:wider\s+|local\s+|surrounding\s+)?"
                r"(?:communit(?:y|ies)|neighbou?rhoods?)\s+(?:\w+ly\s+)?(?:gain|get)(?:\s+(?:from|out\s+of)\b|\W*$)|"
                # "In the long run, what do partnerships usually deliver?"
                r"\bwhat\s+(?:do|does|can|will|would)\s+(?:these\s+|such\s+|the\s+)?(?:school-community\s+)?"
                r"(?:partnerships?|collaborations?)\s+(?:\w+ly\s+)?(?:deliver|achieve|produce|yield|give\s+(?:a|the|our)\s+"
                r"schools?)\b",
                re.I), "benefits"),
    (re.compile(r"\bin\s+what\s+(?:\w+\s+)?ways\s+(?:can|could|do|does|might)\s+[^?]*\b(?:groups?|organi[sz]ations?|"
                r"nonprofits?|non-profits?|businesses|charities|partners?)\b[^?]*\bcontribute\b|"
                # "In what ways can groups like mine help out a local school?" (not "can a school support the groups …")
                r"\bin\s+what\s+(?:\w+\s+)?ways\s+(?:can|could|do|does|might)\s+(?:(?!schools?\b|we\b|i\b)[\w-]+\s+){0,2}?"
                r"(?:groups?|organi[sz]ations?|nonprofits?|non-profits?|businesses|charities|they)\s+(?:like\s+(?:mine|ours|us)\s+)?"
                r"(?:\w+ly\s+)?(?:help|support|assist|pitch\s+in)\b|"
                r"\bbring\s+to\s+the\s+table\b|\b(?:key|main)\s+things\s+(?:[\w-]+\s+){1,3}(?:contribute|bring|offer)\b|"
                # ("What (material) help can community organizations give schools?")
                r"\bwhat\s+(?:(?:kinds?|sorts?)\s+of\s+(?:things?|help|stuff)\s+|"
                r"(?:material\s+|practical\s+|concrete\s+)?help\s+)?"
                r"(?:can|could|might|(?=(?:do|does)\s[^?]*\b(?:contribute\b|(?:bring|offer|provide)(?:\s+to\s+(?:a\s+|the\s+|"
                r"their\s+)?(?:school\s+|school-community\s+)?(?:partnerships?|schools?))?\W*$))(?:do|does))\s+"
                r"(?:a\s+|an\s+|the\s+|our\s+|"
                # (not "what do local governments and businesses bring": the documents say that of their own)
                r"local\s+)?(?:(?!governments?\b)[\w-]+\s+){0,2}(?:groups?|organi[sz]ations?|partners?|businesses|nonprofits?|"
                r"non-profits?|charities|agencies|outfits?(?=\s+like\b))\s+(?:like\s+(?:ours|mine|us|me)\s+)?"
                r"(?:\w+ly\s+)?"
                r"(?:(?:donate|supply)\s+or\s+)?(?:offer|contribute|bring|provide|give)\b|"
                # "Break down what a community group can actually donate or supply to a school."
                # … "what a nonprofit or community group can offer"
                r"\bwhat\s+(?:a\s+|an\s+|the\s+|our\s+|local\s+)?(?:[\w-]+\s+){0,3}(?:groups?|organi[sz]ations?|partners?|"
                r"businesses|nonprofits?|non-profits?|charities|agencies)\s+(?:can|could|might|do|does|will|would)\s+"
                r"(?:\w+ly\s+)?(?:offer|contribute|bring|provide|donate|supply)\b|"
                # "what could we realistically bring to a local school partnership?"
                r"\bwhat\s+(?:can|could|might|should|would)\s+(?:we|i)\s+(?:\w+ly\s+)?(?:bring|offer|contribute)\s+to\s+"
                r"(?:a\s+|the\s+|our\s+|their\s+)?(?:local\s+)?(?:school|school-community)(?:\s+partnerships?)?\b|"
                # "anything besides money that local orgs usually contribute to schools?"
                r"\b(?:groups?|organi[sz]ations?|nonprofits?|non-profits?|businesses|charities|agencies)\s+(?:\w+ly\s+)?"
                r"(?:contribute|donate|supply)\s+to\s+(?:the\s+|our\s+|their\s+|local\s+)?schools?\b|"
                # "how do local nonprofits typically pitch in at a school?", "how do groups like ours help schools?"
                # … "in what ways do community groups typically back up a school?", and "If a nonprofit partners with
                # us, in what ways might they support our students directly?"
                r"(?:\b(?:how|in\s+what\s+ways?)\s+(?:(?:do|does|can|could|might|would)\s+)?"
                r"(?:the\s+|a\s+|an\s+|local\s+|our\s+)?(?:[\w-]+\s+){0,2}"
                r"(?:groups?|organi[sz]ations?|orgs|nonprofits?|non-profits?|charities|clubs?|agencies)|"
                r"\b(?:groups?|organi[sz]ations?|orgs|nonprofits?|non-profits?|charities|agencies)\b[^?.;,]{0,60}[,.;]\s*"
                r"(?:how|in\s+what\s+ways?)\s+(?:do|does|can|could|might|would)\s+they)\s+"
                r"(?:like\s+(?:ours|mine|us)\s+)?(?:\w+ly\s+)?(?:help|support|back\s+up|pitch\s+in|chip\s+in|assist|contribute|"
                r"add\s+value)\b"
                # (… "add value when we partner with a local school")
                r"(?:\s+(?:at|to|with|in|out))?(?:\s+(?:\w+\s+){0,3}?(?:at|with))?\s+(?:(?:a|the|our)\s+)?(?:local\s+)?"
                r"(?:schools?|students|kids|education)\b|"
                # "what do community groups actually do for kids in these arrangements?"
                r"\bwhat\s+(?:do|does)\s+(?:the\s+|these\s+|local\s+)?(?:community|outside|local|partner)\s+(?:groups?|"
                r"organi[sz]ations?|orgs|partners)\s+(?:\w+ly\s+)?(?:do|end\s+up\s+doing)\s+(?:for|with)\b",
                re.I), "contributions"),
    (re.compile(r"\bon\s+the\s+hook\s+for\b|\bexpected\s+of\b|\bwhat\s+(?:\w+ly\s+)?(?:is|are|am)\s+[^?]*\bresponsible\s+for\b|"
                r"\bwhat\s+(?:is|are)\s+[^?]*\bexpected\s+to\s+(?:do|bring|provide)(?:\s+(?:for|in)\s+(?:the|a|our|this)\s+"
                r"partnership)?\W*$|"
                # "As a head teacher, what am I expected to take on if …?"
                r"\bwhat\s+(?:am|is|are)\s+(?:i|we|you|[\w-]+)\s+(?:\w+ly\s+)?expected\s+to\s+(?:take\s+on|handle|do|provide)\b|"
                # "what should a school do to be a good partner to community organizations?"
                r"\bwhat\s+(?:should|must|does|do|can)\s+(?:a\s+|the\s+|our\s+|my\s+)?(?:school|schools|we|i)\s+"
                r"(?:need\s+to\s+)?do\s+(?:to\s+be|as)\s+(?:a\s+)?(?:good\s+|strong\s+|reliable\s+|real\s+)?partners?\b",
                re.I), "responsibilities"),
    (re.compile(r"\bwho\s+(?:all\s+)?(?:should|needs\s+to|has\s+to|ought\s+to|must)\s+(?:be\s+)?(?:at\s+the\s+table|"
                r"involved|have\s+a\s+seat)\b|\bwho\s+(?:all\s+)?(?:sits|gets\s+a\s+seat)\s+at\s+the\s+table\b|"
                # "who else has a part to play in this?", "who normally gets involved when …", "who's at the table"
                r"\bwho\s+(?:else\s+)?(?:\w+ly\s+)?(?:has|have)\s+an?\s+(?:part|role)\s+to\s+play\b|"
                r"\bwho\s+(?:else\s+)?(?:\w+ly\s+)?(?:gets?\s+involved\s+(?:when|in|with)|(?:is|are)\s+involved\s+when)\b|"
                # "who typically gets pulled into these partnerships besides the school itself?"
                r"\bwho\s+(?:else\s+)?(?:\w+ly\s+)?(?:gets?|is|are)\s+(?:pulled|brought|drawn|roped)\s+in(?:to)?\b|"
                # … "who tends to be / usually ends up at the table"
                r"\bwho(?:'s|’s)?(?:\s+[\w’'-]+){0,3}?\s+at\s+the\s+table\b|"
                # "who's usually involved in these partnerships?", "who plays a part in …"
                # (not "the fifth one - who's involved in that?" or "… in Interprofessional Collaboration?", which ask
                # about one thing)
                r"\bwho(?:'s|’s|\s+is|\s+are)\s+(?:\w+ly\s+)?involved\s+in\s+" + _NOT_ONE_THING + r"|"
                # "Who tends to be involved in these partnerships?"
                r"\bwho\s+(?:\w+ly\s+)?(?:tends?\s+to|would|will|might)\s+be\s+involved\s+in\s+" + _NOT_ONE_THING + r"|"
                # "who's typically involved on each side of these partnerships?"
                r"\bwho(?:'s|’s|\s+is|\s+are)\s+(?:\w+ly\s+)?involved\s+on\s+(?:each|either|both|every)\s+sides?\b|"
                r"\bwho\s+(?:\w+ly\s+)?(?:plays?|has|have|takes?)\s+a\s+(?:part|role)\s+in\s+" + _NOT_ONE_THING + r"|"
                # "Who usually participates in these arrangements besides the school itself?"
                r"\bwho\s+(?:else\s+)?(?:\w+ly\s+)?(?:participates|takes\s+part|joins\s+in)\s+in\s+" + _NOT_ONE_THING,
                re.I),
     "stakeholders"),
    (re.compile(r"^(?:and\s+|so\s+)?what\s+(?:marks|defines|characteri[sz]es)\s+(?:an?\s+|the\s+)?(?:good\s+|effective\s+|"
                r"successful\s+|real\s+)?[\w-]+", re.I), "characteristics"),
    (re.compile(r"\bwhat\s+(?:does|do)\s+[^?]*\bneed\s+(?:to\s+have\s+)?(?:in\s+place|to\s+(?:succeed|work|last))\b|"
                # "What do we need to get right for it to actually work?"
                r"\bwhat\s+(?:do|does|should|must)\s+(?:we|i|you|schools?|partners?)\s+(?:need\s+to|have\s+to)\s+get\s+right\b|"
                r"\bwhat\s+(?:needs|has)\s+to\s+be\s+in\s+place\b|\bmust-haves\b|\bnon-negotiables\b|"
                # "what actually makes a school partnership succeed instead of fizzling out?"
                # … "Our PTA wants to formalise one. What makes these arrangements actually hold up?"
                r"(?:^|[.?!]\s+)(?:and\s+|so\s+)?what\s+(?:\w+ly\s+)?makes\s+(?:an?\s+|the\s+|our\s+|these\s+|such\s+)?"
                r"[\w/-]+(?:\s+[\w/-]+){0,2}\s+(?:succeed|work|last|thrive|successful|effective|hold\s+up|stick|endure)\b|"
                # "What goes into making a school-community partnership succeed?"
                r"\bwhat\s+goes\s+into\s+(?:making|building|creating|running|(?:an?|the)\s+(?:good|successful|effective|"
                r"strong|healthy)\b)", re.I), "components"),
    # "what does a school community partnership look like in practice?", "what shape do these collaborations take?"
    (re.compile(r"\blook\s+like\s+(?:in\s+practice|on\s+the\s+ground|day[-\s]to[-\s]day|in\s+real\s+life)\b|"
                r"\bwhat\s+(?:shapes?|forms?)\s+(?:do|does|can|could|might)\s+[^?]*\btake\b",
                re.I), "forms"),
    # … "Practical tips please: how do we keep communication flowing?"
    (re.compile(r"^(?:(?:i\s+)?(?:need|want|would\s+like)\s+)?(?:(?:any|some|got\s+any|a\s+few)\s+)?"
                # … "Communication tips for keeping a school partnership on track?"
                r"(?:(?:practical|quick|concrete|good|simple)\s+)?(?:(?!tips|ideas)[a-z-]+\s+)?(?:tips|ideas|suggestions|"
                r"pointers)(?:\s+(?:for|on|about)\b|(?:\s+(?:please|pls|plz))?\s*[:–—-]\s*how\b)|"
                # "good ways to keep communication flowing with our community partners?"
                r"^(?:(?:any|some)\s+)?(?:good|best|better|practical)\s+ways\s+to\b", re.I),
     "strategies"),
    # "Where's school-community partnership work heading?", "What's changing in how schools and groups work together?"
    (re.compile(r"\bwhere(?:'s|’s|\s+are|\s+is)\s+[^?]*\b(?:head(?:ed|ing)?|going)\b|"
                r"\bwhat(?:'s|’s|\s+is)\s+next\s+for\b|"
                r"\bwhat(?:'s|’s|\s+is|\s+are)\s+(?:\w+ly\s+)?chang(?:ing|es)\s+(?:in|about)\s+(?:how|the\s+way)\b|"
                r"\bwhat\s+(?:will|might|could)\s+[^?]*\blook\s+like\s+in\s+(?:the\s+)?(?:future|coming|next)\b",
                re.I), "trends"),
)


#: "Concretely, …", "Practically speaking, …": an opening that asks for practice, before the question word.
_IN_PRACTICE = (r"(?:(?:concretely|practically|realistically|in\s+(?:concrete|practical)\s+terms|"
                r"practically\s+speaking|in\s+practice),?\s+)?")
_ASKS_HOW = re.compile(
    r"(?:^|[.?!]\s+)(?:so\s+|and\s+)?" + _IN_PRACTICE + r"how\s+(?:should|can|could|do|might|would)\s+"
    r"(?:we|i|you|schools?|(?:a|the)\s+school|partners|teachers|districts|principals)\s+(?:best\s+)?(?:be\s+)?"
    r"(?!know\b|tell\b)\w+|"
    # "What does it take to sustain a partnership?"
    r"(?:^|[.?!]\s+)(?:so\s+|and\s+)?what\s+(?:does|would|will)\s+it\s+(?:really\s+|actually\s+)?take\s+to\s+\w+",
    re.I,
)


def how_verb(question: str) -> str | None:
    """What a question asks how to do: the verb after "how do we …" or "what does it take to …", or None.

    >>> how_verb("What does it take to sustain a partnership?")
    'sustain'
    >>> how_verb("What are the models?") is None
    True
    """
    match = _ASKS_HOW.search(question)
    if not match:
        return None
    word = match.group().split()[-1].lower()
    after = re.match(r"\s+(\w+)", question[match.end():])
    return after.group(1).lower() if word.endswith("ly") and after else word  # "how do you actually achieve it?"


def implied_head(question: str) -> str | None:
    """The kind of things a question asks for without naming them, or None.

    >>> implied_head("Why do so many partnerships stall? What usually gets in the way?")
    'challenges'
    """
    return next((head for pattern, head in _IMPLIED_HEADS if pattern.search(question)), None)


def head_family(head: str, question: str = "") -> tuple[str, ...]:
    """The head noun and the nouns that name the same kind of thing ("obstacles" → challenges, barriers …).

    A head that the question narrows with a word of its own ("Which communication barriers …?") asks for
    those things only, so it has no family.

    >>> head_family("obstacles", "What obstacles do partnerships face?")[:2]
    ('challenges', 'barriers')
    >>> head_family("barriers", "Which communication barriers can exacerbate problems?")
    ('barriers',)
    """
    if narrowed_by(head, question):
        return (head,)
    return NOUN_FAMILY.get(head.lower(), (head,))


def narrowed_by(head: str, question: str) -> str | None:
    """The word of the question that narrows its head noun ("communication" in "Which communication barriers
    …?"), or None.

    >>> narrowed_by("practices", "give me the communication practices that help")
    'communication'
    >>> narrowed_by("models", "What are the common models?") is None
    True
    """
    words = re.findall(r"[\w’'-]+", question.lower())
    before = words[words.index(head) - 1] if head in words[1:] else ""
    if before in ("world", "life") and words.index(head) > 1 and words[words.index(head) - 2] == "real":
        before = "real"  # "real world examples"
    if (before and before not in _DETERMINERS and before not in _QUESTION_WORDS and before not in _AUXILIARIES
            and before not in _PRAISE and before + "s" not in NOUN_FAMILY.get(head, ())):  # "stakeholder groups"
        return before
    return None
_KEY_PLURAL = re.compile(
    # (not "can it be used in different kinds of schools?", which asks about settings)
    r"(?<!\bin\s)(?<!\bacross\s)\b(?:key|main|major|common|different|several|important|primary|notable|typical|some|any|all\s+the)\s+"
    # "main problems", though "What problems do full-service schools solve?" asks what one thing does
    r"(?:[\w-]+\s+){0,2}?(?P<head>" + _LIST_NOUNS + r"|problems|issues|difficulties|hurdles|pitfalls)\b"
    # "the core ingredients", though "essential steps" may be one thing a model identifies
    r"|\b(?:core|essential|basic)\s+(?P<parts>ingredients|components|elements|pillars)\b",
    re.I,
)
_ARE_THERE = re.compile(r"^(?:so\s+|and\s+)?(?:are|were)\s+there\s+(?:any\s+)?(?P<rest>.+)", re.I)
_NOT_PLURAL = re.compile(r"(?:ss|us|is|['’]s)$", re.I)
_DETERMINERS = {
    "the", "some", "any", "all", "key", "main", "common", "different", "various", "major", "typical", "important",
    "possible", "several", "examples", "ways", "types", "kinds", "most", "best", "primary", "core", "biggest",
}
#: Words that praise a kind of thing without narrowing it: "essential ingredients" are still components.
_PRAISE = {
    "essential", "vital", "crucial", "critical", "basic", "fundamental", "necessary", "real", "big", "top",
    "successful", "effective", "good", "great", "core", "chief", "real-world", "concrete", "actual", "practical",
    "notable", "real-life", "specific", "proven", "recent", "well-known", "famous",
    # "lasting upsides" are still the benefits the documents list as long-term ones
    "lasting", "long-term", "longer-term", "enduring",
}
#: Singular nouns after which an -s word is a verb ("Which framework tries …", "Which model addresses …").
_SINGULAR_HEADS = {
    "model", "framework", "approach", "program", "programme", "method", "type", "kind", "school", "organization",
    "organisation", "partnership", "strategy", "one", "group", "role", "factor", "component", "arrangement",
    "practice", "trend", "benefit", "challenge", "metric", "stakeholder", "country", "city", "district", "example",
}
_WH_REST = re.compile(r"(?:^|[,;:]\s*)(?:so\s+|and\s+)?(?:what|which)\s+(?P<rest>.+)", re.I)
#: Verbs that end in -s like a plural noun ("Which model addresses …"): never a list's head.
_VERBS_S = {
    "addresses", "involves", "emphasizes", "emphasises", "integrates", "provides", "aims", "makes", "helps",
    "focuses", "includes", "offers", "supports", "describes", "means", "requires", "leads", "allows", "works",
    "needs", "does", "has", "is", "was", "gets", "goes", "comes", "takes", "gives", "seems", "causes", "happens",
    "creates", "builds", "connects", "leverages", "facilitates", "promotes", "fosters", "enhances", "shares",
    "engages", "combines", "uses", "brings", "exists", "applies", "stands", "refers", "encourages", "ensures",
    "improves", "differs", "matters", "depends", "looks", "plays", "serves", "keeps", "lets", "says", "counts",
    "this", "thus", "its", "always", "perhaps", "various", "previous", "serious", "famous", "less", "unless",
}
_AUXILIARIES = {
    "do", "does", "did", "are", "were", "can", "could", "should", "would", "will", "have", "has", "might", "may",
    "must", "help", "make", "exist", "support", "contribute", "play", "include", "involve", "shape",
    "affect", "hinder", "face", "matter", "characterize", "define", "drive", "lead", "keep", "need", "appear",
}

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
    "last": -1, "final": -1,
}
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(?P<word>" + "|".join(_ORDINALS) + r")(?:\s+(?:one|item|model|framework|approach|option|point|"
    r"example|entry|challenge|component|strategy|trend|benefit|role|metric|contribution|type|kind|way|"
    r"idea|partnership|school|schools|collaboration|responsibility|stakeholder)s?)?\b",
    re.I,
)
#: "the one before that", "the previous one": the item before the one the previous answer was about.
_ITEM_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:one|item|model|point)\s+(?:before\s+(?:that|it|this)|that\s+comes\s+before)\b|\bthe\s+"
    r"(?:previous|preceding)\s+(?:one|item|model|point)\b",
    re.I,
)
_NEXT_ITEM = re.compile(
    r"\b(?:the\s+)?(?:one|item|model|point)\s+(?:after\s+(?:that|it|this)|that\s+comes\s+next)\b|\bthe\s+next\s+"
    r"(?:one|item|model|point)\b|^(?:and\s+|what\s+about\s+)?(?:the\s+)?next(?:\s+one)?\W*$",
    re.I,
)
_DESCRIBED = re.compile(r"\b[Tt]he\s+(?P<a>[A-Za-z][\w-]+(?:\s+[A-Z][\w-]+)*|[a-z][\w-]+\s+[a-z][\w-]+)\s+"
                        r"(?:one|part|bit|point|piece)\b"
                        # "the one you mentioned about businesses"
                        r"|\b[Tt]he\s+(?:one|(?:thing|part|bit|point)(?=\s+(?:you|they|it)\s))\s+(?:(?:you|they|it)\s+"
                        # "what was the thing you said about including everyone?"
                        r"(?:mentioned|described|listed|said|gave|cited|brought\s+up|talked\s+about)\s+)?"
                        r"(?:about|on|with|in|from|for|involving|(?:where|that|which)(?:\s+(?:involves|includes|uses|"
                        r"has|brings\s+in))?)\s+(?:the\s+)?(?P<b>[A-Za-z][\w-]+(?:\s+[A-Z][\w-]+)*)\b")
#: Words that stand before "one" without describing an item ("that one", "this one", "same one").
_NOT_DESCRIPTIONS = {"that", "this", "same", "other", "only", "right", "best", "main", "next", "previous", "last"}
_NUMBERED = re.compile(r"(?:\b(?:number|no\.|item)|#)\s*(?P<n>[1-9]|one|two|three|four|five|six|seven|eight|nine)\b",
                       re.I)
_NUMBER_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_PRONOUN = re.compile(
    r"\b(?:it|its|it's|itself|they|them|their|theirs|themselves|this|that|these|those|he|she|his|her)\b", re.I
)
_LONE_DEMONSTRATIVE = re.compile(
    r"\b(?:does|did|do|is|was|has|have|had|would|will|can|could|about|with|of)\s+(?:that|this|those|these)\b"
    r"(?!\s+\w+\s+(?:is|are|do|does))|\b(?:for|on|to|in|by)\s+(?:that|this|those|these)\W*$"
    r"|^(?:and\s+|so\s+)?(?:that|this)\s+\w+s\b",
    re.I,
)
_PERSONAL = re.compile(r"\b(?:it|its|it's|itself|they|them|their|theirs|themselves|he|she|his|her)\b", re.I)
_DEMONSTRATIVE_PHRASE = re.compile(
    r"\b(?:this|that|these|those)\s+(?:one|ones|model|models|approach|approaches|framework|frameworks|idea|"
    r"option|item|type|kind|strategy|example|folks|people|guys|professionals)\b",
    re.I,
)
_MORE = re.compile(
    r"^(?:(?:can|could)\s+you\s+)?(?:please\s+)?(?:tell\s+me\s+more|more\s+about|say\s+more|explain\s+(?:it|that|"
    r"this|more|further)|elaborate|expand|go\s+on|(?:give\s+me\s+)?more\s+(?:details?|info)|what\s+else|"
    r"and\s+(?:the|what\s+about))\b"
    r"|^what(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?\w+\s+(?:one\s+)?(?:about|all\s+about)\W*$",
    re.I,
)
#: "building on the previous answer, what about …": an opening that says the question goes on from the last answer.
_GOING_ON = (r"(?:(?:(?:building|following|going)\s+on\s+(?:from\s+)?|(?:going\s+)?back\s+to\s+|based\s+on\s+)"
             r"(?:the|that|your|this)\s+(?:previous\s+|last\s+|earlier\s+)?(?:answer|reply|response|list|point)\s*"
             r"[,:–—-]+\s*)?")
_WHAT_ABOUT = re.compile(r"^" + _GOING_ON + r"(?:and\s+)?(?:what|how)\s+about\s+(?P<rest>.+?)" + _END
                         + r"|^(?:ok(?:ay)?,?\s+|so\s+|but\s+)?and\s+(?:for|regarding|as\s+for)\s+(?P<x>.+?)" + _END
                         # "and NYC?", "and Philadelphia?": a name or two words, no question of their own
                         + r"|^and\s+(?:in\s+|with\s+|at\s+)?(?P<y>(?!(?:why|how|what|which|who|when|where|then|so|"
                         r"more|the\s+(?:rest|others?))\b)[\w’'-]+(?:\s+[\w’'-]+){0,2})" + _END, re.I)
#: A bare "why?" or "how so?" after an answer: the reason, which the documents usually give right after it.
_BARE_WHY = re.compile(r"^(?:but\s+|and\s+|so\s+|ok(?:ay)?,?\s+)?(?:why|how\s+so|how\s+come|why\s+(?:is|was)\s+that|"
                       r"why\s+so|in\s+what\s+way|says\s+who)\W*$", re.I)

#: "why does that matter so much?", "does that actually make a difference for the kids?", "how does that help the kids
#: later on?", "why are schools doing that?": why what was just said matters, or what it does for someone.
_WHY_THAT = re.compile(
    r"^(?:(?:but|and|so|ok(?:ay)?|right|hmm+)\W+)*(?:why\s+bother\W+)?(?:"
    r"why\s+(?:does|do|would|should|did)\s+(?:that|this|it)\s+(?:\w+ly\s+)?(?:matter|help|count)|"
    r"why\s+(?:is|was|would)\s+(?:that|this|it)\s+(?:be\s+)?(?:so\s+|such\s+)?(?:important|necessary|needed|useful|"
    r"valuable|a\s+big\s+deal|crucial|key)|"
    r"(?:does|do|can|will|would|could)\s+(?:that|this|it)\s+(?:\w+ly\s+)?(?:make\s+(?:a|any)\s+(?:\w+\s+)?difference|"
    r"help|matter|pay\s+off)|"
    r"how\s+(?:does|do|can|will|would|could)\s+(?:that|this|it)\s+(?:\w+ly\s+)?help(?:\s+(?:the\s+|our\s+)?(?:kids|"
    r"students|children|pupils|families|parents|schools?|us|them|everyone))?|"
    r"what(?:['’]s|\s+is)\s+the\s+(?:point|payoff|pay-off|benefit|upside)(?:\s+of\s+(?:that|this|it|doing\s+(?:that|this)))?|"
    r"why\s+(?:are|do|would|should|is|does)\s+(?:the\s+)?[\w-]+\s+(?:\w+ly\s+)?(?:doing|do)\s+(?:that|this|it)|"
    r"why\s+bother)"
    r"(?:\s+(?:for|to)\s+(?:the\s+|our\s+)?(?:kids|students|children|pupils|families|parents|schools?|us|them|everyone|"
    r"partners))?(?:\W+(?:later\s+on|so\s+much|though|then|at\s+all|in\s+the\s+long\s+run|in\s+practice|really|"
    r"actually))*\W*$",
    re.I,
)


def asks_why_that(question: str) -> bool:
    """Whether a question asks why what was just said matters, or what it does for someone.

    >>> asks_why_that("why does that matter so much?")
    True
    >>> asks_why_that("does that actually make a difference for the kids?")
    True
    >>> asks_why_that("why does that matter for funding?")
    False
    """
    return bool(_WHY_THAT.match(question.strip()))


#: Words that ask rather than say what about: they never make a question's subject.
_QUESTION_WORDS = {
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "do",
    "does", "did", "can", "could", "should", "would", "will", "tell", "me", "more", "about", "explain", "describe",
    "please", "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at", "from", "as",
    "one", "ones", "some", "any", "there", "here", "also", "else", "again", "further", "details", "detail",
    "say", "give", "list", "name", "mean", "means", "meant", "define", "definition", "kind", "kinds", "type",
    "types", "play", "role", "example", "examples", "main", "key", "other", "then", "so", "you", "i", "we",
    "us", "my", "our", "your", "be", "been", "being", "have", "has", "had", "get", "go", "like", "look", "not",
    "no", "yes", "ok", "okay", "thanks", "thank", "just", "only", "really", "much", "many", "very",
}
#: A phrase of one to four words: the X of "Do X help …?", short enough not to run past its verb.
_FEW_WORDS = r"(?:[\w’'-]+\s+){0,3}?[\w’'-]+"
_SUBJECT_AFTER = re.compile(
    r"^(?:so\s+|and\s+)?(?:what|who)(?:\s+(?:exactly|actually|really))?\s+(?:is|are|was|were)\s+(?:exactly\s+|actually\s+|really\s+|even\s+)?"
    r"(?:meant\s+by\s+)?(?P<x>.+?)" + _END
    + r"|^(?:please\s+)?(?:define|explain|describe)\s+(?P<y>.+?)" + _END
    + r"|^(?:can\s+you\s+)?(?:tell\s+me|talk)\s+about\s+(?P<z>.+?)" + _END
    + r"|^what\s+(?:does|do)\s+(?P<w>.+?)\s+(?:mean|stand\s+for|refer\s+to|do|involve|include)\b"
    + r"|^what\s+(?:does|do)\s+(?:the\s+)?(?:research|evidence|studies|literature|science)\s+(?:say|show|tell\s+us)\s+"
    r"(?:about|on)\s+(?P<r>.+?)" + _END
    + r"|\b(?:set\s+up|start|create|establish|launch|form|organi[sz]e)\s+(?:a|an|the)\s+(?P<t>.+?)" + _END
    + r"|^(?:do|does|can|could|should|will|would)\s+(?P<s>" + _FEW_WORDS + r")\s+(?:improve|help|work|affect|"
    r"increase|reduce|"
    r"raise|lower|matter|boost|hurt|benefit|support|change)\b"
    + r"|^what\s+(?:role|roles|part)\s+(?:do|does|should|can|could|might|would)\s+(?P<p>.+?)\s+play\b"
    + r"|^why\s+(?:is|are)\s+(?P<u>.+?)\s+(?:(?:considered|seen\s+as|thought\s+(?:of\s+as|to\s+be)|viewed\s+as)\s+)?"
    r"(?:so\s+)?(?:important|essential|crucial|necessary|needed|useful|"
    r"helpful|valuable|vital|key|critical)\b"
    # things to make or hand over: "give me a template for …", "what's a good agenda for …", "what should a job
    # description … include", "the steps for drafting a memorandum …"
    + r"|^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:give|send|share|provide|show|write|draft)\s+(?:me|us)\s+"
    r"(?:a|an|some)\s+(?P<g>.+?)" + _END
    + r"|^what(?:'s|’s|s|\s+is|\s+are)\s+(?:a\s+|some\s+)?good\s+(?P<o>.+?)" + _END
    + r"|^what\s+(?:should|must|does|do)\s+(?:a|an|the|our|my)\s+(?P<n>.+?)\s+(?:include|contain|cover|look\s+like)\b"
    + r"|^how\s+(?:do|can|should|could|would|might)\s+(?:i|we|you|a\s+school|schools|teachers|districts)\s+"
    r"(?:set\s+up|start|create|establish|run|organi[sz]e|form|launch|implement|introduce|use|apply|adopt|write|draft|"
    r"calculate|prevent|reduce|handle|deal\s+with|manage|get|apply\s+for|qualify\s+for)\s+(?P<v>.+?)" + _END,
    re.I,
)
#: "What are the steps for drafting a memorandum …": what is to be made is the subject, not the steps.
_STEPS_FOR = re.compile(
    r"\b(?:steps|stages|process)\s+(?:for|to|of|in)\s+(?:drafting|writing|creating|building|making|designing|"
    r"developing|setting\s+up|putting\s+together|draft|write|create|build|make|design|develop|set\s+up|apply\s+for|"
    r"applying\s+for|get|getting|obtain|obtaining|secure|securing)\s+(?:a|an|the|our)\s+(?P<d>.+?)" + _END
    + r"|\bwhat(?:'s|’s|\s+is)\s+the\s+(?:proper\s+|right\s+|correct\s+|official\s+|usual\s+|standard\s+)?"
    r"(?P<e>procedure|protocol)\b",
    re.I,
)
#: "How do X affect …", "Is X effective …", "Do X make …": X is what the question asks the effect of.
_TOPIC = re.compile(
    r"^how\s+(?:do|does|can|could|might|will|would)\s+(?P<h>" + _FEW_WORDS + r")\s+(?:affect|impact|"
    r"influence|shape|change)\b"
    r"|^(?:is|are)\s+(?P<e>" + _FEW_WORDS + r")\s+(?:effective|worth\s+it|a\s+good\s+idea)\b"
    r"|^(?:do|does)\s+(?P<m>" + _FEW_WORDS + r")\s+make\b"
    # "Does restorative justice play a part in community schools?"
    r"|^(?:do|does|can|could)\s+(?P<r>" + _FEW_WORDS + r")\s+play\s+(?:a|any)\s+(?:\w+\s+)?(?:part|role)\s+in\b"
    # "How do charter schools typically set up partnerships with universities?"
    r"|^how\s+(?:do|does|can|could|should|would)\s+(?!(?:i|we|you|they|it|partners|schools|a\s+school)\s)(?P<u>"
    + _FEW_WORDS + r")\s+(?:\w+ly\s+)?(?:set\s+up|run|build|form|fund|manage|organi[sz]e|start|structure)\s+"
    r"(?:a|an|the|its|their|our|partnerships?|programs?)\b"
    # "How is restorative justice built into full-service schools?"
    r"|^how\s+(?:is|are|was|were)\s+(?P<b>" + _FEW_WORDS + r")\s+(?:built|woven|integrated|incorporated|embedded|"
    r"included|used|applied|put)\s+(?:in|into|within|to\s+work\s+in)\b",
    re.I,
)
#: A word that stresses the question, not its subject: "what does a full service school even mean?".
_FILLER_END = re.compile(r"[\s,]+(?:even|actually|really|exactly|basically|precisely|honestly|anyway)$", re.I)
_PHRASE_END = re.compile(
    r"\s+(?:\w+ly\s+)?(?:trying|aiming|hoping|meant|supposed|going|able)\s+to\b.*$|"
    # "who is interprofessional collaboration mainly meant for?"
    r"\s+(?:\w+ly\s+)?(?:meant|designed|intended|aimed)\s+(?:for|at)\b.*$|"
    r"\s+(?:in|for|at|on|to|with|within|among|between|by|from|that|which|who|when|where|if|as|during|across|into|"
    r"through|(?:and|or)(?=\s+(?:how|what|why|who|where|when|which|is|are|do|does|did|can|could|should|would|will|"
    r"it|its|they|their|what's)\b)|(?:and|or)\s+(?:the\s+|a\s+|an\s+)?\w+\s+\w+\s+\w+)\b.*$",
    re.I,
)
_NAMED = re.compile(
    r"\b(?:[A-Z][\w’'-]*|[A-Z]{2,})(?:\s+(?:(?:of|for|and|to|the|in)\s+)?(?:[A-Z][\w’'-]*|[A-Z]{2,}))+"
    r"(?:\s+\([A-Z]{2,}\))?|\b[A-Z]{2,}s?\b"
)


@dataclass(frozen=True)
class QuestionAnalysis:
    """What a question asks for (see the module's docstring for the rules)."""

    question: str
    kind: str = FACT
    #: The two sides of a comparison, as written in the question.
    sides: tuple[str, ...] = ()
    #: An ordinal reference to an item of the previous list answer (1-based; -1 for "the last one").
    ordinal: int | None = None
    #: A pronoun or demonstrative that refers to the previous question's subject.
    refers_back: bool = False
    #: "Tell me more about …": the whole of what is referred to is wanted, not one sentence.
    more: bool = False
    #: What the question is about, when it says so ("the Community Schools Model", "restorative practices").
    subject: str | None = None
    #: The noun a list question asks for ("models" in "What are the common models of collaboration?").
    head: str | None = None
    #: "How should we communicate with partners?": ways are asked for, and a list of them answers when the
    #: documents have one that names what the question is about ("Communication Strategies …").
    asks_how: bool = False
    #: X in "What about X?": the thing to ask the previous question about instead.
    instead: str | None = None
    #: Who or what the question asks about when it says so after its verb: "parents" in "What role do parents
    #: play?". A sentence about them is a better answer than one that only shares the other words.
    focus: str | None = None
    #: "What does the school itself do?": the focus is stressed, so only what it does itself answers.
    focus_stressed: bool = False
    #: What the question asks how to do, in its own words: "sustain" in "How do we sustain a partnership?".
    how_verb: str | None = None

    #: What the question asks the effect of: "charter schools" in "How do charter schools affect enrollment?".
    topic: str | None = None
    #: "the equity one": a word that picks an item of the previous list answer.
    described: str | None = None
    #: "the one after that", "the next one": the item after the one the previous answer was about.
    next_item: bool = False
    #: "the one before that": the item before the one the previous answer was about.
    item_before: bool = False
    #: "which of those is mostly found in the US?": what picks an item of the previous list answer.
    among: str | None = None
    #: "time" for "When did …?" / "What year …?", "name" for "Who developed …?", "number" for "How many …?" /
    #: "How much homework …?", "names" for the companies of a case, "frequency" for "How often …?", "law" for
    #: "legally required": what the answer must hold, or for "place" should hold (`wanted_quantity`).
    wants: str | None = None
    #: "In your opinion, which should we pick?": advice is asked for, which the documents do not give.
    asks_opinion: bool = False
    #: "Who published the article?", "What sources does it cite?": a question about the documents themselves.
    about_documents: bool = False
    #: The claim of "Is it true that X?" / "I heard that X. Is that right?": every word of it must be the documents'.
    claim: str | None = None
    #: "Could you write a parent questionnaire?": something to be written, which quoting cannot give.
    asks_writing: bool = False
    #: The thing a "what X do …?" question asks for: "certification" in "What certification do social workers
    #: need?". The documents must speak of such things.
    asked_thing: str | None = None
    #: What a comparison compares its sides on: "contribute" in "Contrast what schools contribute with what
    #: community organizations contribute", "role" in "the role parents play with the role of …".
    aspect: str | None = None
    #: "According to the page on collaboration models": the document, or part of one, the answer is to come from.
    source: SourceReference | None = None
    #: What the question asks the definition of: "school-community partnership" in "What exactly is a
    #: school-community partnership?". A sentence that says what it is ("X are …") answers best.
    defines: str | None = None
    #: What a question asks the point of: "every partner knows their role" in "Why does it matter that every
    #: partner knows their role?". It is searched for, and the answer runs on to the reason that follows it.
    good_of: str | None = None

    @property
    def is_followup(self) -> bool:
        return (self.ordinal is not None or self.refers_back or bool(self.described) or self.next_item
                or self.item_before or bool(self.among))


#: Who gains from a partnership: "the kids", "the wider community", "schools and students".
_GAINER = (r"(?:kids|students|pupils|children|schools?|teachers|families|parents|community|communities|"
           r"neighbou?rhood|town)")
_GAINERS = (r"(?P<who>(?:the\s+|our\s+|local\s+)?(?:wider\s+|local\s+|whole\s+)?" + _GAINER
            + r"(?:\s+and\s+(?:the\s+)?(?:wider\s+|local\s+)?" + _GAINER + r")?)")


#: Short forms people type in a chat, written out as documents write them.
_SHORT_FORMS = {
    "govt": "government", "govts": "governments", "gov't": "government", "org": "organization",
    "orgs": "organizations", "dept": "department", "depts": "departments", "admin": "administration",
    "uni": "university", "w/": "with", "b/c": "because", "nyc": "New York City", "philly": "Philadelphia",
    "collab": "collaboration", "collabs": "collaborations", "r": "are", "u": "you", "ur": "your",
    "pupil": "student", "pupils": "students", "tech": "technology", "hs": "high school", "rec": "recreation",
    "tho": "though", "altho": "although", "thru": "through", "comms": "communication",
}
_SHORT_FORM = re.compile(
    # "local govt/businesses" is written out; "example.org/…" is left alone
    r"(?<![\w/.'’])(?:" + "|".join(re.escape(k) for k in sorted(_SHORT_FORMS, key=len, reverse=True))
    + r")(?!\w)(?!['’](?!s\b))(?!/(?![a-z]))",
    re.I,
)


#: British spellings of words the documents spell the American way ("organisations", "neighbourhood"). "Programme"
#: is left as it is: its first letters already find "program" (see `eduqa.answer.PREFIX_CHARS`).
_BRITISH = re.compile(
    r"\b(organi|prioriti|utili|recogni|maximi|minimi|mobili|reali|speciali|summari|categori|standardi|commerciali|"
    r"capitali|centrali|formali|personali|optimi|customi|characteri|visuali|sociali|locali|authori|critici|"
    r"familiari|memori|moderni|institutionali|stabili|harmoni|marginali|emphasi|revitali|incentivi|sensiti|"
    r"empathi|energi|synchroni|computeri|digiti|democrati|publici|apologi|mobili|itemi|scrutini)s"
    r"(e|es|ed|ing|ation|ations|er|ers)\b"
    r"|\b(neighb|behavi|col|fav|lab|hon|endeav|rum|hum|harb|vig)our(s|hood|hoods|ed|ing|able|ite|ites)?\b"
    r"|\b(cent|theat|met|lit|fib)re(s)?\b|\benrolment(s)?\b",
    re.I,
)


def _american(match: re.Match) -> str:
    text = match.group(0)
    if match.group(1):
        cut = len(match.group(1))
        return text[:cut] + ("Z" if text[cut].isupper() else "z") + text[cut + 1:]
    if match.group(3):
        return re.sub(r"our", "or", text, count=1, flags=re.I)
    if match.group(5):
        return text[: len(match.group(5))] + "er" + (match.group(6) or "")
    return re.sub(r"enrolment", "enrollment", text, flags=re.I)


def written_out(question: str) -> str:
    """The question with chat short forms written out, and British spellings written the American way.

    >>> written_out("the role of local govts and orgs")
    'the role of local governments and organizations'
    >>> written_out("how do we celebrate our wins over the long haul?")
    'how do we celebrate our successes over the long term?'
    """
    question = re.sub(r"(?<=\w)[–—](?=\w)", "-", question)  # "school–community" with a dash for the hyphen
    question = _COUNTRY_SHORT.sub(lambda m: _COUNTRIES[m.group(0).replace(".", "")], question)
    question = _SHORT_FORM.sub(lambda m: _SHORT_FORMS[m.group(0).lower()], question)
    for pattern, formal in _CHAT_IDIOMS:
        question = pattern.sub(formal, question)
    question = _FRONTED.sub(lambda m: m.group("ask") + _unopened(m.group("topic")) + m.group("rest"), question, count=1)
    question = _WHICH_ONES.sub(lambda m: m.group("said") + m.group("which") + " " + m.group("noun"), question, count=1)
    return _BRITISH.sub(_american, question)


#: "… a few named frameworks for schools teaming up with the community. Which ones should we look at?": the things an
#: earlier sentence named.
_WHICH_ONES = re.compile(r"(?P<said>\b(?P<noun>" + _LIST_NOUNS + r")\b[^.?!]*[.?!]\s+)(?P<which>which|what)\s+ones\b",
                         re.I)


def _unopened(topic: str) -> str:
    """A topic that opened the question, moved into it: "Equity-focused" was capitalized only because it opened the
    question (a name such as "Denver" keeps its capital)."""
    if re.match(r"[A-Z][a-z]+-(?:focused|based|led|driven|centred|centered|oriented)\b", topic):
        return topic[0].lower() + topic[1:]
    return topic


#: "Parents - what role do they play …?": a topic said first, then asked about as "they"; it is asked about by name.
_FRONTED = re.compile(
    r"^\W*(?:the\s+)?(?!(?:first|second|third|fourth|fifth|sixth|last|next|other|that|this|those|these|them|they|it|"
    r"what|which|who|how|why|ok|okay|so|and|but|also|sorry|thanks|hi|hello|hey)\b)"
    r"(?P<topic>[a-z][\w’'-]*(?:\s+(?:and|&)\s+[a-z][\w’'-]*|\s+(?!ones?\b)[a-z][\w’'-]*)?)\s*(?:[-–—:]|\?)\s+"
    r"(?P<ask>(?:what|how|why|which|who|where|do|does|are)\b[^?.!]*?\b)they\b(?P<rest>[^?.!]*)", re.I)


#: A word written in capitals only ("CCM"): an abbreviation, which the documents may spell out.
ABBREVIATION = re.compile(r"(?<![\w&-])[A-Z]{2,6}(?![\w&-])")
_INITIAL_SKIPPED = frozenset({"of", "and", "for", "the", "in", "to", "on", "a", "an", "&"})


def spelled_out_by(text: str, abbreviation: str) -> str | None:
    """The name a text spells `abbreviation` out as, where it defines it ("Community Collaboration Model (CCM)"),
    or None.

    >>> spelled_out_by("2. **Community Collaboration Model (CCM)**: Particularly …", "CCM")
    'Community Collaboration Model'
    >>> spelled_out_by("the Parent Teacher Association (PTA) meets", "PTA")
    'Parent Teacher Association'
    >>> spelled_out_by("a model (CCM) of sorts", "CCM") is None
    True
    """
    letters = abbreviation.lower()
    for match in re.finditer(r"\(\s*" + re.escape(abbreviation) + r"\s*\)", text):
        words = re.findall(r"[\w’'&]+(?:-[\w’']+)*", text[max(0, match.start() - 120):match.start()])[-8:]
        for first in range(len(words) - 1, -1, -1):
            name = words[first:]
            if name[0].lower() in _INITIAL_SKIPPED:
                continue
            initials = "".join(part[0] for word in name if word.lower() not in _INITIAL_SKIPPED
                               for part in word.split("-") if part).lower()
            if initials == letters:
                return " ".join(name)
            if len(initials) > len(letters):
                break
    return None


def spelled_out(question: str, names: dict[str, str]) -> str:
    """The question with each abbreviation of `names` (abbreviation -> name) written as its name.

    >>> spelled_out("What is the CCM trying to tackle?", {"CCM": "Community Collaboration Model"})
    'What is the Community Collaboration Model trying to tackle?'
    """
    if not names:
        return question
    return ABBREVIATION.sub(lambda m: names.get(m.group(0), m.group(0)), question)


#: "why would a school even bother (with) …", "why bother (with) …": what follows is what it asks the point of.
_WHY_BOTHER = (r"\bwhy\s+(?:(?:would|should|do|does)\s+(?:a\s+|the\s+|our\s+|any\s+)?[\w-]+\s+)?(?:even\s+)?bother\s+"
               r"(?:with\s+)?")
#: Where the words a question asks about end: at its end, or at the end of its sentence.
_ASKED_END = r"(?=\W*$|\W*[?.!])"

#: What metrics gauge, in the documents' words ("Utilizing specific indicators enables stakeholders to gauge …").
_GAUGED = "what do indicators gauge the partnership’s impact on"
#: What collaboration can lead to, in the documents' words, with what it is between when the question says.
_LEADS_TO = "what can collaboration{between} lead to"


def _sustain(ending: str | None) -> str:
    """The word "sustain" with the ending of the verb it stands for: "keeps" is "sustains", "keeping" "sustaining"."""
    return "sustain" + {"s": "s", "ing": "ing"}.get((ending or "").lower(), "")


#: Chat idioms in the words documents use: "celebrate our wins" is successes, "resourcing" is resources, "over
#: the long haul" is over the long term.
_CHAT_IDIOMS = (
    (re.compile(r"\b(the|our|their|your|its|any|those|these|small|quick|big|early|share|sharing|celebrate|"
                r"celebrating|highlight|highlighting)\s+wins\b", re.I), r"\1 successes"),
    (re.compile(r"\bresourcing\b", re.I), "resources"),
    # "What's at the heart of a successful partnership?", "the foundation that holds partnerships together", "the
    # basic building blocks of good communication" (not the Building Blocks Framework), "equity-minded partnerships"
    (re.compile(r"\b(?:at|is)\s+the\s+(?:very\s+)?(?:heart|core|centre|center)\s+of\b", re.I), "central to"),
    (re.compile(r"\bthe\s+(?:foundation|glue|bedrock)\s+that\s+(?:holds|keeps)\s+(?P<x>(?:[\w-]+\s+){0,3}?[\w-]+)\s+"
                r"together\b", re.I), r"the backbone of \g<x>"),
    (re.compile(r"\b(?:(?:basic|core|main|key)\s+)?(?:building\s+blocks|nuts\s+and\s+bolts)\s+of\b"
                r"(?![^?.!]*\bframework\b)", re.I),
     "components of"),
    (re.compile(r"\b(?P<x>[a-z]+)-(?:minded|conscious)\b", re.I), r"\g<x>-focused"),
    # "How do you get the trust bit right?": how to make trust work
    (re.compile(r"\bget(?:ting)?\s+(?:the\s+)?(?!(?:it|this|that|things|everything|anything)\b)(?P<x>[a-z][\w-]*)\s+"
                r"(?:(?:bit|part|side|piece)\s+)?right\b", re.I), r"make \g<x> work"),
    # "What could we use to gather input from parents?", "how can our PTA hear back from families?": feedback
    (re.compile(r"\b((?:gather|gathering|collect|collecting|get|getting|solicit|soliciting|capture|capturing|invite|"
                r"inviting|seek|seeking)\s+(?:(?:honest|regular|their|your|some|more|useful|candid)\s+)?)(?:input|opinions|"
                r"views|thoughts|comments)\b", re.I), r"\1feedback"),
    (re.compile(r"\bhear\s+back\s+from\b", re.I), "get feedback from"),
    # "setting up ways for people to give feedback", "really listening to people": the documents' platforms for
    # feedback and active listening
    (re.compile(r"\bset(?:ting)?\s+up\s+(?:formal\s+|proper\s+|clear\s+|some\s+)?(?:ways|channels|systems|mechanisms)\s+"
                r"(?:for\s+(?:people|them|partners|families|everyone)\s+)?to\s+(?:collect|get|give|gather|share|provide)\s+"
                r"feedback\b", re.I), "creating platforms for feedback"),
    (re.compile(r"\b(?:really|actively|carefully|properly)\s+listening(?:\s+to\s+(?:people|partners|them))?(?!\s+to\s+each\s+other)\b|"
                r"\b(?:just\s+)?listen(?:ing)?\s+carefully(?:\s+in\s+meetings)?\b", re.I), "active listening"),
    # "What shapes can a partnership take?": the forms it takes
    (re.compile(r"\bshapes\b(?=\s+(?:that\s+)?(?:[\w-]+\s+){1,3}"
                r"(?:(?:might|can|could|may|would|will|usually|often|typically|tend\s+to)\s+){1,2}take\b"
                # "What shapes can a partnership with a local organization take?"
                r"|\s+(?:can|could|might|may|do|does|would|will)\s+(?:[\w-]+\s+){1,6}?take\b)", re.I),
     "forms"),
    # "Why does it matter that every partner knows their role?": the documents speak of clear roles
    (re.compile(r"\b(?:every|each)\s+(?:partner|stakeholder|party|member|organi[sz]ation|one|person)\s+knows\s+"
                r"(?:exactly\s+)?(?:what\s+)?(?:their|its)\s+(?:role|job|part)(?:\s+is)?\b", re.I),
     "everyone has clear roles"),
    (re.compile(r"\b(?:an?\s+)?clearly\s+defined\s+(?:roles?|jobs?|parts?)\b", re.I), "clear roles"),
    # "What does spelling out everyone's role do for a partnership?"
    (re.compile(r"\b(?:spell(?:ing|ed|s)?|lay(?:ing|s)?|laid|set(?:ting|s)?)\s+out\s+(?:(?:everyone|everybody|each\s+"
                r"(?:partner|person|party|side|organi[sz]ation))['’]s|the|our|their|all\s+the)\s+(?:roles?|jobs?)\b",
                re.I),
     "setting clear roles"),
    # "Why explore partnership models at all? What are they supposed to foster?", "what overall aims do partnership
    # models serve? like the big three goals": why partnerships matter, asked again in a second sentence or not
    (re.compile(r"(?:^|(?<=[.?!]\s))\W*(?:" + _WHY_BOTHER + r"(?:(?:these|such|school-community|community)\s+)?"
                r"partnerships(?:\s+at\s+all)?(?:\s+in\s+the\s+first\s+place)?|"
                r"why\s+(?:(?:would|should|do|does)\s+(?:a\s+|the\s+|our\s+|any\s+)?[\w-]+\s+)?(?:even\s+)?(?:bother\s+)?"
                r"explor(?:e|ing)\s+(?:effective\s+)?partnership\s+models(?:\s+at\s+all)?|"
                r"why\s+do\s+(?:(?:these|such|school-community)\s+)?partnerships\s+matter(?:\s+at\s+all)?|"
                r"what(?:'s|’s|s|\s+is)\s+(?:even\s+)?the\s+(?:main\s+)?point\s+of\s+(?:(?:these|such|school-community|"
                r"community)\s+)?partnerships(?:\s+at\s+all)?(?:\s+in\s+the\s+first\s+place)?|"
                r"what\s+(?:overall\s+|main\s+|broad\s+|big\s+)?(?:aims|goals|purposes?|objectives)\s+do\s+"
                r"(?:these\s+|such\s+|school-community\s+)?partnership(?:s|\s+models)\s+serve)"
                r"(?:\W+(?:what\s+(?:are|is)\s+(?:they|it|these|those)\s+(?:meant|supposed|designed|trying)\s+to\s+"
                r"(?:foster|achieve|advance|promote|do|accomplish)(?:\s+or\s+\w+)?|"
                r"what(?:'s|’s|s)\s+it\s+(?:meant|supposed)\s+to\s+(?:foster|achieve|advance|promote|do|accomplish)|"
                r"what\s+goals\s+are\s+they\s+meant\s+to\s+(?:advance|serve|achieve)|"
                r"(?:the\s+)?main\s+(?:aims|reasons|goals)(?:\s+please)?|(?:like\s+)?the\s+big\s+\w+\s+goals|"
                r"whats?\s+the\s+point\s+of\s+it)"
                # … "A parent asked me and I want a good answer.": a sentence that tells why it is asked
                r"|[.?!]\s+(?:a|an|my|our|the|i|i'm|we|we're)\s+[^?]*)?\W*$", re.I),
     "why are school-community partnerships important?"),
    # "why would a school even bother teaming up with the community?", "what's the point of these partnerships?":
    # why they matter, which is where the documents say what they are for
    (re.compile(_WHY_BOTHER + r"(?:collaborating|collaboration)(?:\s+at\s+all)?\b", re.I),
     "why is collaboration important"),
    (re.compile(_WHY_BOTHER + r"(?:teaming\s+up|partnering)(?:\s+with\s+(?:the\s+|a\s+|our\s+)?(?:local\s+)?community)?"
                r"(?:\s+at\s+all)?" + _ASKED_END + "|"
                + _WHY_BOTHER + r"(?:(?:these|such|school-community|community)\s+)?partnerships(?:\s+at\s+all)?"
                r"(?:\s+in\s+the\s+first\s+place)?" + _ASKED_END + "|"
                r"\bwhat(?:'s|’s|s|\s+is)\s+(?:even\s+)?the\s+(?:main\s+)?point\s+of\s+(?:(?:these|such|school-community|"
                r"community)\s+)?partnerships(?:\s+at\s+all)?(?:\s+in\s+the\s+first\s+place)?" + _ASKED_END + "|"
                r"\bwhy\s+do\s+(?:(?:these|such|school-community)\s+)?partnerships\s+matter(?:\s+at\s+all)?"
                + _ASKED_END,
                re.I), "why are school-community partnerships important"),
    # "school/community partnerships" is the documents' "school-community partnerships"
    (re.compile(r"\b(schools?)\s*[/–—]\s*(communit(?:y|ies))\b", re.I), r"\1-\2"),
    # "hallmarks of a partnership that's working well?", "the telltale signs of a good one"
    (re.compile(r"\b(?:tell-?tale\s+signs|hallmarks|signs(?=\s+of\s+(?:an?\s+|the\s+)?(?:good|healthy|strong|effective|"
                r"successful|thriving|solid)\b))\b", re.I), "characteristics"),
    # "As the school, what's on our plate once a partnership is set up?"
    (re.compile(r"\bwhat(?:'s|’s|s|\s+is)\s+(?:\w+ly\s+)?on\s+(our|my|their|your|the\s+school['’]s)\s+plate\b", re.I),
     r"what are \1 responsibilities"),
    # ("who does what in a partnership?" asks what they are, which a list of the stakeholders' roles answers)
    (re.compile(r"(?:^|(?<=[.?!]\s))\W*who\s+does\s+what\b", re.I), "what are the roles and responsibilities"),
    (re.compile(r"\bwho\s+does\s+what\b", re.I), "the roles and responsibilities"),
    (re.compile(r"\b(the|a)\s+long\s+haul\b", re.I), r"\1 long term"),
    (re.compile(r"\blong-run\b", re.I), "long-term"),
    (re.compile(r"\bwhat(?:'s|’s|\s+is)\s+going\s+well\b", re.I), "successes"),
    (re.compile(r"\bsoft\s+skills\b", re.I), "life skills"),
    # "how can we show off our wins to the wider community?"
    (re.compile(r"\bshow(ing)?\s+off\b", re.I), lambda m: "highlighting" if m.group(1) else "highlight"),
    # "why would we share the stuff that went badly too?"
    (re.compile(r"\b(?:the\s+)?(?:stuff|things)\s+(?:that\s+)?(?:(?:went|go|goes|going)\s+(?:badly|wrong)|"
                r"(?:is|are|was|were)(?:n['’]t|\s+not)\s+going\s+well)\b", re.I),
     "the challenges"),
    # "why is it so important that every partner knows exactly what they are responsible for?"
    (re.compile(r"\bwhat\s+(?:they|it|we|you)\s+(?:is|are)\s+(?:\w+ly\s+)?responsible\s+for\b", re.I),
     "their responsibilities"),
    # "has anyone actually put that into practice?"
    (re.compile(r"\bput(ting)?\s+((?:[\w’'-]+\s+){0,5}?[\w’'-]+)\s+in(?:to)?\s+(?:practice|action)\b", re.I),
     lambda m: ("implementing " if m.group(1) else "implement ") + m.group(2)),
    # "how do we share the wins and the setbacks?"
    (re.compile(r"\bsetbacks\b", re.I), "challenges"),
    (re.compile(r"\bkeep(ing)?\s+in\s+touch\b", re.I), lambda m: "communicating" if m.group(1) else "communicate"),
    (re.compile(r"\b(?:keep(?:ing)?|stay(?:ing)?)\s+(everyone|everybody|partners|people|us|them|all\s+parties)\s+"
                r"in\s+the\s+loop\b", re.I), r"keeping \1 informed"),
    # "What tends to go wrong when schools team up with community groups?"
    (re.compile(r"\b(what)\s+(?:\w+\s+){0,2}?(?:go|goes|went)\s+wrong\b", re.I), r"\1 challenges come up"),
    # "Which specific data points are commonly used to gauge …?"
    (re.compile(r"\bdata\s+points\b", re.I), "metrics"),
    # "What numbers should our board look at?", "why track the numbers over several years?": numbers one tracks are
    # metrics (not "what numbers show that …", which asks for figures)
    (re.compile(r"\b(track|tracking|monitor|monitoring|measure|measuring|collect|collecting|look\s+at|looking\s+at|"
                r"watch|watching|keep\s+an\s+eye\s+on)\s+(the\s+|which\s+)?(?:numbers|figures|stats|statistics)\b",
                re.I), r"\1 \2metrics"),
    (re.compile(r"\b(what|which)\s+(?:numbers|figures|stats|statistics)\b(?=\s+(?:should|could|can|do|would|must)\s+"
                r"(?:[\w’'-]+\s+){1,3}?(?:track|monitor|measure|collect|look\s+at|watch|keep\s+an\s+eye\s+on|use)\b)",
                re.I), r"\1 metrics"),
    # "schools partnering with other schools vs …": collaboration between schools is inter-school collaboration
    # … "When schools partner with other schools, what do they share?"
    (re.compile(r"\b(?:(?:the\s+)?schools?\s+)?(?:partnering|collaborating|teaming\s+up|working\s+together|working|"
                r"cooperating|partner|partners|partnered|collaborate|collaborates|team\s+up|work\s+together)\s+with\s+"
                r"(?:other\s+schools|each\s+other|one\s+another)\b"
                # (not "team up with other schools, agencies and institutions": all the ways schools collaborate)
                r"(?!,?\s+(?:and\s+|or\s+)?(?:other\s+|local\s+)?(?:agencies|institutions|organi[sz]ations|partners|groups|"
                r"businesses|communit))", re.I),
     "inter-school collaboration"),
    # "how do we keep a partnership going for years?": sustain it
    # … "for the long haul rather than having it fizzle": no more than sustaining it
    # … "how do we make our partnership last instead of fizzling out?", "keep it going past the first year or two"
    (re.compile(r"\b(?:keep|make)(s|ing)?\s+((?:a|the|our|this|your|their|these|such)\s+)?((?:school-community\s+|"
                r"school\s+|community\s+)?(?:partnerships?|collaborations?)(?:\s+with\s+(?:the|a|an|our|their|local)\s+"
                r"[\w-]+(?:\s+[\w-]+)?)??)\s+(?:going|alive|running|afloat|sustainable|last)\b"
                r"(?:\s+(?:for|over)\s+(?:the\s+)?(?:long\s+haul|long\s+term|long\s+run|years|time)|"
                r"\s+(?:past|beyond)\s+(?:the\s+)?(?:first|initial|early|opening)\s+[^?.!,]*?(?=\s+(?:once|when|after|"
                r"rather|instead)\b|\s*[?.!,]|$))?"
                r"(?:\s*,?\s*(?:rather\s+than|instead\s+of|once|when)\s+[^?.!]*)?",
                re.I),
     # (the documents' section on sustaining them speaks of partnerships, not of school partnerships)
     lambda m: _sustain(m.group(1)) + " " + (m.group(2) or "")
     + re.sub(r"^(?:school-community|school|community)\s+", "", m.group(3), flags=re.I)),
    # "how do we keep everyone on the same page?": clear communication with them
    (re.compile(r"\bkeep(s|ing)?\s+(?P<who>everyone|everybody|all\s+parties|people|(?:all\s+|the\s+|our\s+)?"
                r"(?:partners|stakeholders|parents|families|staff))\s+on\s+the\s+same\s+page\b",
                re.I),
     lambda m: ("keeping" if (m.group(1) or "").lower() == "ing" else "keep" + (m.group(1) or ""))
     + " communication clear with " + m.group("who")),
    # … "Our partnership with the library has run for two years. How do we keep it sustainable?": "it" is the
    # partnership named before
    (re.compile(r"\b(?:keep|make)(s|ing)?\s+(?:it|this|that)\s+(?:going|alive|running|afloat|sustainable|last)\b"
                r"(?:\s+(?:for|over)\s+(?:the\s+)?(?:long\s+haul|long\s+term|long\s+run|years|time))?"
                r"(?:\s*,?\s*(?:and\s+not\s+let\s+it\s+fizzle(?:\s+out)?|rather\s+than\s+[^?.!]*|instead\s+of\s+[^?.!]*))?",
                re.I),
     lambda m: _sustain(m.group(1)) + " the partnership"
     if re.search(r"\b(?:partnership|collaboration)s?\b", m.string[:m.start()], re.I) else m.group(0)),
    # "which services does the model hook students up with": connects them to
    (re.compile(r"\bhook(s|ed|ing)?\s+((?:[\w’'-]+\s+){1,3}?)up\s+(?:with|to)\b", re.I),
     lambda m: "connect" + (m.group(1) or "") + " " + m.group(2) + "to"),
    # "why do partnerships get stuck?", "why do these collaborations fizzle out?": what challenges they meet
    (re.compile(r"^(\W*(?:(?:and|so|but)\s+)?)why\s+(?:do|does|would|might|can|could)\s+((?:[\w’'-]+\s+){1,4}?)"
                r"(?:fail|get\s+stuck|stall|fall\s+apart|break\s+down|fizzle(?:\s+out)?|falter|fall\s+flat|"
                r"run\s+into\s+trouble)\b", re.I),
     r"\1what challenges can \2face"),
    # "tips for keeping everyone on the same page communication-wise?" (and a question that opens "Numbers-wise, …"
    # frames what it asks with a word the question asks about anyway)
    (re.compile(r"^[a-z]+-wise,\s*", re.I), ""),
    (re.compile(r"\b([a-z]+)-wise\b", re.I), r"for \1"),
    # "What marks an effective partnership?", "how would I recognize an effective partnership?": what characterizes it
    (re.compile(r"\bwhat\s+marks\b", re.I), "what characterizes"),
    (re.compile(r"\bhow\s+(?:would|could|can|do|does|should)\s+(?:i|we|you|one|someone)\s+(?:recogni[sz]e|spot)\b",
                re.I), "what characterizes"),
    # "what do students and the town get out of it?": the documents speak of the community ("our town" stays, a place
    # the asker said they are in: see `asked_part`)
    (re.compile(r"\b(the|your|their|a|wider|whole|local|surrounding|broader)\s+(?:town|neighbou?rhood)(?!\s+(?:school|"
                r"association|hall|council)s?\b)", re.I), r"\1 community"),
    # "… end up with goals that don't line up?"
    (re.compile(r"\b([a-z]+)\s+(?:that\s+)?(?:don['’]t|do\s+not|doesn['’]t|does\s+not|didn['’]t|did\s+not)\s+line\s+up\b",
                re.I), r"misaligned \1"),
    # "why do schools and community orgs so often end up wanting different things?": misaligned goals
    (re.compile(r"\b(?P<end>end(?:ing)?\s+up\s+)?want(?P<ing>ing)?\s+different\s+things\b", re.I),
     lambda m: f"{'having' if m.group('ing') and not m.group('end') else 'have'} misaligned goals"),
    # "What are partnership metrics supposed to gauge?", "which impact areas should our metrics capture?": the areas
    # whose impact metrics gauge (not "which metrics should we use to evaluate the impact", which asks for the metrics)
    (re.compile(r"\b(?:what|which)\s+(?P<areas>(?:impact\s+)?areas\s+|aspects\s+of\s+(?:a\s+|the\s+)?partnership['’]s\s+"
                r"impact\s+)?(?:are|do|does|can|could|should|will|would)\s+(?:(?:the|our|your|partnership|evaluation|these|"
                r"such)\s+){0,2}metrics\s+(?:\w+ly\s+)?(?P<meant>(?:supposed|meant|designed|intended)\s+to\s+|"
                r"help\s+(?:us\s+|you\s+)?)?(?P<verb>gauge|measure|capture|show|assess|track)\b"
                r"(?P<about>\s+about\s+(?:a\s+|the\s+|our\s+)?partnership['’]s\s+impact)?", re.I),
     lambda m: _GAUGED if m.group("areas") or m.group("verb").lower() == "gauge" or m.group("about")
     or (m.group("meant") or "").lower().startswith(("supposed", "meant", "designed", "intended")) else m.group(0)),
    # "metrics are supposed to show impact on what areas exactly?"
    (re.compile(r"\b(?:(?:the|our|partnership|evaluation)\s+)?metrics\s+(?:are\s+(?:\w+ly\s+)?(?:supposed|meant|designed|"
                r"intended)\s+to|help\s+(?:us\s+|you\s+)?)\s*(?:gauge|measure|capture|show|assess)\s+(?:the\s+)?impact\s+"
                r"on\s+what(?:\s+areas)?", re.I),
     _GAUGED),
    # "What sets an effective partnership apart from one that's just on paper?", "what separates a real partnership
    # from a handshake agreement", "how can you tell an effective partnership from a box-ticking one?": what
    # characterizes it (a thing set against its own kind is no comparison)
    (re.compile(r"\b(?:what\s+(?:separates|sets|distinguishes|differentiates)|how\s+(?:can|do|would|could)\s+(?:you|i|we|"
                r"one)\s+tell)\s+(?P<x>(?:an?|the)\s+(?:[\w-]+\s+){0,2}?"
                r"(?:partnerships?|collaborations?))\s+(?:apart\s+)?from\s+(?:(?:one|ones|those|just|a|an|the)\b)"
                r"(?![^?.!]*(?-i:\b[A-Z]))[^?.!–—]*?(?=\s+-\s+|\s*[?.!–—]|$)", re.I),
     r"what characterizes \g<x>"),
    # "why is money such a big problem there?", "such an issue", "and the money side of things?": a lack of resources
    (re.compile(r"\b(?:money|cash)(?=\s+(?:side|one|problems?|issues?|troubles?|and\s+staff\w*)\b|\s+(?:is\s+|was\s+)?"
                r"(?:such\s+)?(?:an?\s+)?(?:big\s+|huge\s+|real\s+|major\s+)?(?:problem|issue|challenge|barrier|"
                r"sticking\s+point)\b)", re.I), "resources"),
    # "Why should local companies put money into school partnerships?": invest in them
    (re.compile(r"\bput(?:ting|s)?\s+(?:(?:their|its|our|any|more|some|real)\s+)?(?:money|cash)\s+into\b", re.I),
     "invest in"),
    # "can it work in different settings, or is it one-size-fits-all?": different contexts, a universal model
    (re.compile(r"\b(?:different|other|various|many|all|any|every|one\s+kind\s+of|one\s+type\s+of|one)\s+"
                r"(?:(?:educational|school)\s+)?settings?\b", re.I),
     lambda m: ("one context" if m.group(0).lower().startswith("one") else "different contexts")),
    (re.compile(r"\bone[-\s]size[-\s]fits[-\s]all\b", re.I), "universal"),
    # "Do these partnerships help more kids finish school?": graduation rates
    (re.compile(r"\b(?:more\s+)?(?:kids|students|pupils|children|young\s+people|teens)\s+(?:to\s+)?(?:finish|complete|"
                r"graduate\s+from)\s+(?:high\s+|secondary\s+)?school\b", re.I),
     "higher graduation rates"),
    # "Walk me through how a public-private partnership with a school works.", "Rundown of how the Collaborative
    # Partnership Model works day to day?", "walk me thru how the model is supposed to operate": how that one thing
    # works, not a list
    (re.compile(r"^\W*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:(?:walk|take|run)\s+(?:me|us)\s+through|"
                r"(?:give\s+(?:me|us)\s+)?(?:a\s+|the\s+|quick\s+)*(?:rundown|run-down|run\s+down|overview)\s+of)\s+"
                r"how\s+(?P<x>[^?.!]+?)\s+(?:works?|operates?|functions?|(?:is|are)\s+(?:supposed|meant|expected)\s+to\s+"
                r"(?:work|operate|function))\b", re.I),
     r"how does \g<x> work"),
    # "what does collaboration between schools and institutions ultimately lead to?", "what's the upside for the
    # school when schools collaborate with other institutions?": what the documents say collaboration can lead to
    (re.compile(r"\bwhat\s+(?:(?:does|do|can|will|would|could)\s+)?(?:(?:good|effective|successful|real|this|such)\s+)?"
                r"collaborati(?:on|ng)(?P<between>\s+(?:between|with|among|in)\s+(?:schools\s+and\s+)?(?:other\s+)?"
                r"(?:schools|institutions|organi[sz]ations|education))?\s+(?:\w+ly\s+)?(?:lead(?:s)?\s+to|gets?\s+(?:us|you|"
                r"a\s+school|schools)|brings?\s+(?:us|a\s+school|schools)|results?\s+in)\b", re.I),
     lambda m: _LEADS_TO.format(between=m.group("between") or "")),
    # … "When schools collaborate well with other institutions, what's the upside for the school as a whole?"
    (re.compile(r"\bwhat(?:'s|’s|s|\s+is)\s+the\s+(?:upside|payoff|pay-off)\b(?:\s+(?:for|to)\s+(?:a|the|our)\s+"
                r"school(?:\s+(?:like\s+ours|as\s+a\s+whole))?)?", re.I),
     lambda m: _LEADS_TO.format(between="") if re.search(r"\bcollaborat", m.string[:m.start()], re.I)
     else m.group(0)),
    # "When a school builds community partnerships, who do they usually work with?", "what kinds of organizations does
    # the school link up with?": which organizations school-community partnerships involve (not "who do schools work
    # with" other schools, which is inter-school collaboration)
    (re.compile(r"\b(?:who|(?:what|which)\s+(?:(?:kinds?|sorts?|types?)\s+of\s+)?(?:organi[sz]ations|groups|partners))\s+"
                r"(?:do|does|is|are|would|will|should|can)\s+(?P<who>(?:a\s+|the\s+|our\s+)?schools?|they|it)\s+"
                r"(?:\w+ly\s+|tend\s+to\s+)?(?:work(?:ing)?|partner(?:ing)?|link(?:ing)?\s+up|team(?:ing)?\s+up|"
                r"collaborat(?:e|ing))\s+with\b(?!\s+(?:other\s+schools|each\s+other|one\s+another))", re.I),
     lambda m: "which organizations do school-community partnerships involve collaboration with"
     if m.group("who").lower() not in ("they", "it") or re.search(r"\bschools?\b", m.string[:m.start()], re.I)
     else m.group(0)),
    # "In what way do the kids themselves benefit over the long term?", "what does the wider community (not just the
    # school) get out of these partnerships?": the benefits for them (what they get out of "it" is left to the
    # question it refers to)
    (re.compile(r"\b(?:in\s+what\s+ways?|how)\s+(?:do|does|will|would|can)\s+" + _GAINERS
                + r"(?:\s+(?:themselves|itself))?\s+(?:\w+ly\s+)?benefit\b", re.I),
     lambda m: f"what are the benefits for {m.group('who')}"),
    (re.compile(r"\bwhat\s+(?:do|does|will|would|can)\s+" + _GAINERS + r"(?:\s+(?:themselves|itself))?"
                r"(?:\s+\([^)]*\))?\s+(?:\w+ly\s+)?(?:get\s+out\s+of|gain\s+from)\b(?!\s+(?:it|that|this|them)\b)",
                re.I),
     lambda m: f"what are the benefits for {m.group('who')} of"),
    # "Where has the Community Schools Model been put into practice?": where it was implemented (what was put into
    # practice, when named after "put", is read above)
    (re.compile(r"\b(?P<to>to\s+)?put\s+in(?:to)?\s+(?:practice|action)\b", re.I),
     lambda m: "to implement" if m.group("to") else "implemented"),
    # "What does the school itself bring to a partnership?", "what do schools actually do in a partnership?": the
    # role schools play in one ("what is my school expected to do" asks for the asker's school's responsibilities)
    (re.compile(r"\bwhat\s+(?:exactly\s+)?(?:does|do|should|would|is|are)\s+(?:(?:a|the)\s+)?"
                r"schools?(?P<self>\s+(?:itself|themselves))?\s+(?:\w+ly\s+)?(?:(?:supposed|expected|meant)\s+to\s+)?"
                r"(?:do|bring|contribute)(?:\s+to\s+the\s+table)?(?:\s+(?:to|in|within|for))?(?=\s+(?:a|an|the|these|this|"
                r"such|our|their|one|school-community|community)\b[^?.!]*\bpartnerships?\b)", re.I),
     lambda m: f"what role do schools{' themselves' if m.group('self') else ''} play in"),
    # "Why are resources such a sticking point?": such a problem
    (re.compile(r"\bsticking[-\s]point(?P<s>s)?\b", re.I), lambda m: f"problem{m.group('s') or ''}"),
    # "How do we keep the lines open this time round?": maintaining open lines of communication
    (re.compile(r"\bkeep(?P<ing>ing)?\s+(?:the\s+)?lines\s+(?:of\s+communication\s+)?open\b", re.I),
     lambda m: f"maintain{'ing' if m.group('ing') else ''} open lines of communication"),
    # "what is the school's own job in a partnership?": the role schools play in one
    (re.compile(r"\bwhat(?:'s|’s|\s+is)\s+(?:exactly\s+)?(?:the|a)\s+school['’]s\s+(?:own\s+)?(?:job|role|part)"
                r"\s+in\b", re.I), "what role do schools play in"),
    # "What sorts of collaboration setups do schools use?": the models of collaboration
    (re.compile(r"\b(collaboration|partnership)\s+(?:setups|set-ups|arrangements|structures)\b", re.I), r"\1 models"),
    # "Where do families like mine fit into a school-community partnership?": the role they play in one
    (re.compile(r"\bwhere\s+(?:do|does|would|should)\s+(?P<who>(?:the\s+|our\s+|local\s+)?(?:parents|families|teachers|"
                r"students|businesses|governments|schools|(?:community\s+)?(?:organi[sz]ations|groups)))"
                r"(?:\s+like\s+(?:mine|ours|us|me))?\s+(?:\w+ly\s+)?fit\s+in(?P<into>to)?\b", re.I),
     lambda m: f"what role do {m.group('who')} play{' in' if m.group('into') else ''}"),
    # "What is it that parents bring to …?": what they bring
    (re.compile(r"\bwhat\s+(?:is|was)\s+it\s+that\s+(?=(?:[\w-]+\s+){1,3}?(?:bring|do|offer|contribute|provide|gain|"
                r"get)\b)", re.I),
     "what do "),
)


#: Countries as chat writes them, in capitals only ("the US", not "us").
_COUNTRIES = {"US": "United States", "USA": "United States", "UK": "United Kingdom"}
_COUNTRY_SHORT = re.compile(r"(?<![\w.])(?:U\.S\.A\.|U\.S\.|U\.K\.|USA|US|UK)(?![\w])")


#: What opens a question that goes on from the conversation: "and …", "so …", "ok, …".
_CONTINUES = re.compile(r"^(?:(?:and|so|but|ok(?:ay)?|also|plus|then)\b(?![-'’])[\s,]*)+", re.I)


def analyse(question: str) -> QuestionAnalysis:
    """Analyse one question on its own.

    A question that opens as going on from the conversation ("and how do charter schools affect …?") and does not
    refer back is analysed as it would be alone.
    """
    text = " ".join(question.split())
    analysis = _analysis(text)
    alone = _CONTINUES.sub("", text)
    if alone and alone != text and not (analysis.is_followup or analysis.instead):
        on_its_own = _analysis(alone)
        if not (on_its_own.is_followup or on_its_own.instead):
            return on_its_own
    return analysis


def _analysis(text: str) -> QuestionAnalysis:
    """`analyse` of a question as written (white space already collapsed)."""
    sides = comparison_sides(text)
    opinion = bool(_OPINION.search(text))
    if sides and opinion and _ASKS_SHOULD_WE_PICK.match(text):
        sides = ()  # "should our district go with X or Y? Just tell me which one to pick.": a pick, not a comparison
    ordinal = ordinal_reference(text)
    next_item = ordinal is None and bool(_NEXT_ITEM.search(text))
    item_before = ordinal is None and not next_item and bool(_ITEM_BEFORE.search(text))
    steps = next_item or item_before  # from the item the previous answer was about
    among = None if ordinal is not None or steps else which_of_those(text)
    described = None if ordinal is not None or steps else described_item(text)
    more = bool(_MORE.search(text) or _BARE_WHY.match(text))
    # ("the mental health one - what does that involve?": words that may describe no item of the list, and then
    # the pronoun refers back)
    refers = ordinal is None and not steps and (not described or " " in described) and _refers_back(text)
    kind = COMPARISON if sides else LIST if asks_for_list(text) else FACT
    how = kind == FACT and ordinal is None and not steps and not described and bool(_ASKS_HOW.search(text))
    head = _list_head(text) if kind == LIST else "strategies" if how else None
    quantity = wanted_quantity(text)
    # "I need hard numbers. Which data points show …?" asks what to measure
    measures = head is not None and "metrics" in head_family(head)
    wants = None if quantity == "number" and measures else quantity
    subject = subject_of(text)
    return QuestionAnalysis(
        question=text,
        kind=kind,
        sides=sides,
        ordinal=ordinal,
        described=described,
        topic=topic_of(text),
        wants=wants,
        asks_opinion=opinion and not _OPTIONS_RECOMMENDED.search(text),
        about_documents=bool(_ABOUT_DOCUMENTS.search(text)),
        next_item=next_item,
        item_before=item_before,
        among=among,
        refers_back=refers,
        more=more,
        # ("Give me some numbers we could track …" is about the measures, whatever it calls them)
        subject=None if measures and re.match(r"(?:numbers|figures|data|evidence|information)\b", subject or "",
                                              re.I) else subject,
        head=head,
        asks_how=how,
        instead=what_about(text),
        focus=_focus(text),
        focus_stressed=_focus_stressed(text),
        how_verb=how_verb(text),
        claim=claim_of(text),
        asks_writing=bool(_WRITING.search(text)),
        # "What year did …?" asks for a date, which `wants` checks: the year itself is never in the documents
        # ("what numbers should a coordinator track …?" asks for the measures, whatever it calls them)
        asked_thing=asked_thing(text) if kind != COMPARISON and quantity is None and not measures else None,
        aspect=comparison_aspect(text, sides) if sides else None,
        source=source_reference(text),
        defines=defined_term(text) if kind == FACT else None,
        good_of=good_of(text) if kind == FACT else None,
    )


_FOCUS = re.compile(
    # (also after a sentence that sets the scene, "We keep asking partners for things. What can our school …", and
    # in "In what ways can a school …")
    r"(?:^|[.?!]\s+)" + _IN_PRACTICE
    + r"(?:in\s+(?=what\s+(?:[a-z]+\s+)?ways\b))?(?:what|which|how|why|where|when)\b[^?]*?\b"
    # ("What is my school supposed to do …?" is about the school)
    r"(?:do|does|did|can|should|could|would|will|must|(?:is|are|am)(?=\s+(?:my|our|your)\s))\s+"
    # ("How do local communities benefit …?" is about communities)
    r"(?:the\s+|a\s+|an\s+|my\s+|our\s+|your\s+|their\s+)?(?:(?:local|wider|whole|broader|surrounding|nearby|entire)\s+)?"
    r"(?P<f>[a-z][\w-]*)",
    re.I,
)


#: "What kind of training is recommended …?": a sentence about training is wanted.
_KIND_OF = re.compile(r"^(?:and\s+|so\s+)?(?:what|which)\s+(?:kind|type|sort)\s+of\s+(?P<f>[a-z][\w-]*)", re.I)
#: "As a parent, what is my role …?": the asker is who the question is about.
_AS_ASKER = re.compile(r"^as\s+an?\s+(?P<f>[a-z][\w-]*)\s*,", re.I)


def _focus_stressed(question: str) -> bool:
    """Whether the question stresses its focus with "itself" or "themselves" ("what does a school itself bring?")."""
    focus = _focus(question)
    return focus is not None and bool(re.search(r"\b" + re.escape(focus) + r"\s+(?:itself|themselves)\b", question,
                                                re.I))


def _focus(question: str) -> str | None:
    match = _AS_ASKER.search(question.strip()) or _KIND_OF.search(question) or _FOCUS.search(question)
    if not match:
        return None
    word = match.group("f").lower()
    return None if word in _QUESTION_WORDS or _PRONOUN.fullmatch(word) or word in _AUXILIARIES else word


_ASKED_THING = re.compile(
    r"(?:^|[.?!]\s+|,\s*|\b(?:and|but)\s+)(?:what|which)\s+(?:(?:kinds?|types?|sorts?|forms?)\s+of\s+)?"
    r"(?:[\w’'-]+\s+){0,2}?(?P<x>[a-z][\w-]*)\s+(?:do|does|did|should|must|can|could|would|will|is|are|was|were|"
    r"has|have|might|may)\b",
    re.I,
)
#: Heads that ask for something without naming what: "what kinds of things can …", "what lasting good do …".
_UNNAMED_THINGS = frozenset({
    "things", "thing", "ones", "one", "stuff", "options", "ideas", "good", "setups", "set-ups", "part", "else",
    "kind", "kinds", "type", "types", "sort", "sorts", "points", "bits", "pieces", "details", "causes", "reasons",
    "side", "sides",
})


def asked_thing(question: str) -> str | None:
    """The noun a "what/which X do …?" question asks for: "certification" in "What certification do social
    workers need before …?". A question word or an unnamed thing ("what kinds of things can …") gives none.

    >>> asked_thing("What certification do social workers need?")
    'certification'
    >>> asked_thing("What kinds of things can community organizations bring?") is None
    True
    """
    for match in _ASKED_THING.finditer(question):
        word = match.group("x").lower()
        if re.search(r"\b(?:or|and)\s+\S+\s*$", question[:match.end("x")], re.I):
            continue  # "What shapes or formats can …": words offered as alternatives, one of which will do
        if word not in _QUESTION_WORDS and word not in _UNNAMED_THINGS and word not in NOUN_FAMILY \
                and word not in LIST_NOUNS and not word.endswith("ly"):
            return word
    return None


_ASPECT_WORDS = re.compile(
    r"\b(?:roles?|contribut\w*|bring|brings|offer|offers|provid\w*|constraints?|challenges?|problems?|barriers?|"
    r"responsibilit\w+|benefits?|limitations?|strengths?|weaknesses|resources)\b",
    re.I,
)


def comparison_aspect(question: str, sides: tuple[str, ...]) -> str | None:
    """What a comparison compares its sides on, when the question names it next to a side: "contribute" in
    "Contrast what schools contribute with what community organizations contribute", "role" in "Compare the
    role parents play with the role of local governments"; None when no such word stands within three words
    before or two after a side ("which is better for a school that wants to bring …, X or Y" has none).

    >>> comparison_aspect("Compare the role parents play with the role of local governments.",
    ...                   ("parents", "local governments"))
    'role'
    """
    lowered = question.lower()
    near: list[str] = []
    for side in sides:
        at = lowered.find(side.lower())
        if at < 0:
            continue
        before = re.findall(r"[\w’'-]+", lowered[:at])[-3:]
        after = re.findall(r"[\w’'-]+", lowered[at + len(side):])[:2]
        near += before + after
    side_words = {w.lower() for side in sides for w in side.split()}
    words = [_ASPECT_AS.get(w, w) for w in dict.fromkeys(near) if _ASPECT_WORDS.fullmatch(w) and w not in side_words]
    return " ".join(words) or None


#: Aspects in the word the documents use: "which is a bigger barrier" compares them as challenges (the documents' own
#: "barriers" are those to learning).
_ASPECT_AS = {"barrier": "challenge", "barriers": "challenges"}


#: What a request opens with before the thing it names: "could you set out X compared to Y".
_REQUEST = re.compile(r"^(?:(?:can|could|would)\s+you\s+|please\s+)?(?:set\s+out|lay\s+out|explain|describe|outline|"
                      r"give\s+me|tell\s+me\s+about|walk\s+me\s+through|break\s+down)\s+", re.I)
#: A sentence, or a clause after a dash, that tells the situation before a question ("I'm writing a paper — …").
_CONTEXT_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)|\s+[–—]\s+|\s+-\s+|:\s+(?=\S)")


def comparison_sides(question: str) -> tuple[str, ...]:
    """The two things a comparison question names, or () when it is not a comparison.

    A question that first tells its situation is read from where it asks: the last sentence or clause that
    compares, then the whole question (whose sentences may name the sides before asking to compare them).
    """
    pieces = [piece for piece in _CONTEXT_BREAK.split(question) if piece.strip()]
    standing_in = None
    for text in ([_REQUEST.sub("", piece.strip()) for piece in reversed(pieces)] if len(pieces) > 1 else []):
        sides = _sides_in(text)
        if _stands_in(sides):
            standing_in = standing_in or sides  # "… : how do they stack up against each other?"
        elif sides:
            return _asker_as_side(sides, question)
    sides = _sides_in(question)
    if len(pieces) > 1 and (standing_in or _stands_in(sides)):
        # "Epstein's six types or the Building Blocks Framework: how do they stack up?", "We're weighing two
        # approaches: the Collaborative Partnership Model or a public-private partnership.": the sides are the two
        # things a piece of the question names, and the rest speaks of them
        for piece in reversed(pieces):
            pair = _PAIR.fullmatch(piece.strip(" .?!;"))
            if pair:
                a, b = _clean_side(pair.group("a")), _clean_side(pair.group("b"))
                if a and b and a.lower() != b.lower() and not _stands_in((a, b)):
                    return _asker_as_side((a, b), question)
    return _asker_as_side(sides or standing_in or (), question)


#: A side that only stands in for the things compared: "they", "each other", "the two approaches".
_STAND_IN_SIDE = re.compile(r"(?:they|them|it|these|those|each\s+other|one\s+another|both|the\s+two|"
                            r"(?:the\s+|these\s+|those\s+)?(?:two|both)\s+[\w-]+(?:\s+[\w-]+)?)", re.I)


def _stands_in(sides: tuple[str, ...]) -> bool:
    """Whether one of the sides only stands in for the things compared (`_STAND_IN_SIDE`)."""
    return any(_STAND_IN_SIDE.fullmatch(side) for side in sides)


#: A piece of a question that names two things and asks nothing: "the Collaborative Partnership Model or a PPP".
_PAIR = re.compile(r"(?:(?:so\s+|ok(?:ay)?,?\s+)?(?:we(?:'re|’re|\s+are)\s+|i(?:'m|’m|\s+am)\s+)?(?:weighing|choosing|"
                   r"deciding|torn)\s+(?:between\s+)?)?(?P<a>(?!(?:what|which|how|why|who|is|are|do|does|should)\b)"
                   r"[^,;?]+?)\s+(?:or|vs\.?|versus|and)\s+(?P<b>[^,;?]+)", re.I)


#: A side that is the asker's own part: "my role", "our job".
_OWN_PART = re.compile(r"(?:my|our)\s+(?:own\s+)?(?:role|job|part|responsibilit(?:y|ies)|contribution)", re.I)


def _asker_as_side(sides: tuple[str, ...], question: str) -> tuple[str, ...]:
    """The sides with "my role" written as who the asker says they are ("As a parent, how is my role … different
    from …": parents)."""
    asker = _AS_ASKER.search(question.strip())
    if not asker or not any(_OWN_PART.fullmatch(side) for side in sides):
        return sides
    who = asker.group("f").lower()
    return tuple((who if who.endswith("s") else who + "s") if _OWN_PART.fullmatch(side) else side for side in sides)


def _sides_in(question: str) -> tuple[str, ...]:
    if len(re.findall(r"\s(?:vs\.?|versus)\s", question, re.I)) > 1:
        return ()  # "like schools vs community groups vs parents etc": more than two things, named as examples
    for pattern in _COMPARISONS:
        match = pattern.search(question)
        if match:
            groups = match.groupdict()
            a, b = (groups.get(g) or groups.get(alt) or "" for g, alt in (("a", "c"), ("b", "d")))
            # "cultural awareness versus networking opportunities, whats the distinction?": the second side ends where
            # the question that follows it starts
            a, b = _clean_side(a), _clean_side(_ASKED_AFTER.split(b, maxsplit=1)[0])
            aspect = _SIDE_ASPECT.match(_LEADING_ARTICLE.sub("", (groups.get("a") or "").strip()))
            if aspect and b.lower() in _ASPECT_NOUNS:
                a = aspect.group("aspect")  # "the benefits of partnerships against the challenges": benefits
            if a and b and a.lower() != b.lower():
                return (a, b)
    return ()


#: Where a question starts after a comparison's second side: ", whats the distinction …", ", which matters more?".
_ASKED_AFTER = re.compile(r",\s*(?=(?:what|whats|what['’]s|which|why|who)\s)", re.I)


#: Aspects that can be a side of their own: "weigh the benefits against the challenges".
_ASPECT_NOUNS = frozenset({
    "pros", "cons", "advantages", "disadvantages", "benefits", "drawbacks", "strengths", "weaknesses", "merits",
    "challenges", "risks", "costs", "downsides", "upsides", "barriers", "obstacles", "limitations",
})
_SIDE_ASPECT = re.compile(
    r"^(?:the\s+)?(?:(?:long|short)[-\s]term\s+|main\s+|key\s+)?(?P<aspect>pros|cons|advantages|disadvantages|benefits|"
    r"drawbacks|strengths|weaknesses|merits)\s+"
    r"(?:and\s+\w+\s+)?(?:of|for)\s+",
    re.I,
)


def _clean_side(side: str) -> str:
    side = re.sub(r"(?<=[a-z])/(?=[a-z])", " and ", side)  # "local govt/businesses"
    side = re.sub(r"\s*\((?![A-Z]{2,})[^)]*\)", "", side)  # "School-community partnerships (as a model)"
    side = re.sub(r"\s+(?:sound|seem|look)\s+(?:alike|similar|the\s+same)\b.*$|\s+(?:(?:are|is)\s+)?both\b.*$", "",
                  side, flags=re.I)
    # (… "the Collaborative Partnership Model, how are they different?")
    side = re.split(r"\s+[–—]\s*|\s+-\s+|\s*\?\s+|:\s+|"
                    r",\s*(?=how\s+(?:do|did|are|is|does)\s+(?:those|these|they|the\s+two|both|the\s+two\s+\w+)\b)",
                    side, maxsplit=1)[0]
    side = _SIDE_TAIL.sub("", side.strip(" ,;:?!.\"'“”"))
    # "In a partnership, what's the school's job": what it asks, without where
    side = re.sub(r"^(?:in|within|for)\s+(?:an?|the|our|this|these|such)\s+[\w-]+(?:\s+[\w-]+)?,\s*(?=what|who|how)",
                  "", side, flags=re.I)
    side = re.sub(r"^what(?:'s|’s)\s+", "", side, flags=re.I)
    side = re.sub(r"^into\s+", "", side, flags=re.I)  # "put energy into X or into Y"
    # "the tech side or the mental health side": technology and mental health
    side = re.sub(r"^(?P<x>(?:the\s+)?(?!(?:other|flip|bright|dark|same|wrong|right|either|each|both|one)\s)[\w-]+"
                  r"(?:\s+[\w-]+)?)\s+(?:side|aspect|angle|bit)$", r"\g<x>", side, flags=re.I)
    side = _SIDE_ASPECT.sub("", side)
    # "what (do) schools bring to a partnership" is schools; "using surveys" is surveys
    # … "what role do parents play" is parents
    side = re.sub(r"^what\s+(?:role|roles|part)\s+(?:do|does|did|should|can|could|would)\s+(?P<x>.+?)\s+play\b.*$",
                  r"\g<x>", side, flags=re.I)
    side = re.sub(r"^(?:what|how)\s+(?:do\s+|does\s+)?(?P<x>.+?)\s+(?:bring|brings|do|does|contribute|contributes|"
                  r"offer|offers|provide|provides|play|plays|give|gives)\b.*$", r"\g<x>", side, flags=re.I)
    # "what the school itself is supposed to do" is the school
    side = re.sub(r"\s+(?:itself|themselves)\b.*$|\s+(?:(?:is|are)\s+)?(?:supposed|expected|meant)\s+to\b.*$", "", side,
                  flags=re.I)
    side = re.sub(r"^(?:(?:how|what|which)\s+)?(?:is|are|does|do)\s+", "", side, flags=re.I)
    # "not enough resources" is a lack of resources
    side = re.sub(r"^(?:just\s+)?(?:not\s+(?:having\s+)?enough|too\s+(?:little|few))\s+", "lack of ", side, flags=re.I)
    side = re.sub(r"^(?:using|having|doing|relying\s+on|focusing\s+on)\s+", "", side, flags=re.I)
    # "I'm deciding between converting to a full-service school": a full-service school
    side = re.sub(r"^.*?\b(?:deciding|choosing|torn|picking)\s+between\s+", "", side, flags=re.I)
    side = re.sub(r"^(?:(?:converting|switching|moving|changing)\s+(?:to|into)|becoming|going\s+with)\s+", "", side,
                  flags=re.I)
    side = re.sub(r"\s+(?:for|when|in)\s+\w+ing\b.*$", "", side, flags=re.I)  # "… bond for funding programs"
    # "ordinary school-community partnerships": the kind itself
    side = re.sub(r"^(?:(?:an?|the)\s+)?(?:ordinary|typical|normal|plain|usual)\s+", "", side, flags=re.I)
    # "the role parents play" and "the role of parents" are parents; "the constraints on schools" and "those on
    # schools" are schools
    side = re.sub(r"^(?:the\s+)?roles?\s+(?:that\s+)?(?P<x>.+?)\s+(?:play|plays|played|have|has|take|takes)\b.*$",
                  r"\g<x>", side, flags=re.I)
    side = re.sub(r"^(?:the\s+)?(?:roles?|constraints|pressures|demands|limits|challenges|problems|barriers)\s+"
                  r"(?:of|on|for|facing)\s+|^(?:those|that|the\s+ones?)\s+(?:of|on|for|facing|in)\s+", "", side,
                  flags=re.I)
    # "the Denver example", "the Philadelphia one", "Philadelphia examples"
    side = re.sub(r"\s+(?:(?:partnership|collaboration)\s+)?(?:examples?|ones?|cases?)$", "", side, flags=re.I)
    # "the school's role" is the school; "community organisations' role" theirs
    side = re.sub(r"(?<=\w)(?:['’]s|(?<=s)['’])\s+(?:roles?|part|job|contribution)$", "", side, flags=re.I)
    return _LEADING_ARTICLE.sub("", side).strip()


def asks_for_list(question: str) -> bool:
    """Whether the question asks for several things (in any of its sentences: "… partnership? What are the
    options?")."""
    return any(_asks_for_list(part) for part in _sentences(question))


def _sentences(question: str) -> list[str]:
    parts = [p for p in re.split(r"(?<=[?.!])\s+(?=[A-Z])|\s+[-–—]\s+(?=(?:what|which|how|who|why)\b)", question,
                                 flags=re.I) if p.strip()]
    return parts or [question]


#: A list asked inside a sentence: "Our board wants to know who the stakeholders are."
_EMBEDDED_LIST = re.compile(
    r"\b(?:who|what|which)\s+(?:all\s+)?(?:the\s+|our\s+|their\s+)?(?:(?:main|key|different|common|usual)\s+)?"
    r"(?P<head>[a-z]+s)\s+(?:are|were|would\s+be|should\s+be|might\s+be)\b", re.I)


def _embedded_head(question: str) -> str | None:
    match = _EMBEDDED_LIST.search(question)
    head = match.group("head").lower() if match else None
    return head if head in NOUN_FAMILY or head in LIST_NOUNS else None


def _asks_for_list(question: str) -> bool:
    if re.match(r"^\W*(?:and\s+|so\s+)?why\b", question, re.I) and implied_head(question) is None:
        return False  # "Why are resources such a problem?" asks for a reason
    if re.search(r"\b(?:based|made|built|focused|centred|centered)\s+(?:on|of|upon|around)\W*$", question, re.I):
        return False  # "What are the models based on?" asks for one thing about them
    if (_LIST_START.search(question) or _KINDS_OF.search(question) or _what_are_list(question)
            or _PLACES_AS_EXAMPLES.search(question) or _IN_WHAT_AREAS.search(question) or _NOUN_FIRST.search(question)):
        return True
    if _KEY_PLURAL.search(question) or (_ARE_THERE.search(question) and re.search(r"\w+s\b", question)):
        return True
    if implied_head(question) is not None or _embedded_head(question) is not None:
        return True
    # "Which students does it help the most?" asks for the one group it helps most
    return _plural_head(question) is not None and not _SUPERLATIVE.search(question)


#: "components of a good partnership?", "main benefits for students?": a message that opens with what it asks for.
_NOUN_FIRST = re.compile(r"^\W*(?:the\s+|some\s+|any\s+)?(?:(?:key|main|core|basic|common|usual|typical)\s+)?"
                         r"(?P<head>" + _LIST_NOUNS + r")\s+(?:of|for|in|to)\b", re.I)

#: "metrics help us gauge impact on what areas exactly?": the areas are several.
_IN_WHAT_AREAS = re.compile(
    r"\b(?:on|in|across)\s+(?:what|which)\s+(?P<head>areas|aspects|fronts|dimensions|domains)\b", re.I)


_SUPERLATIVE = re.compile(
    r"\b(?:the\s+)?(?:most|least)\W*$|\b(?:benefits?|helps?|gains?|suffers?)\s+(?:the\s+)?most\b|"
    r"\b(?:especially|particularly|mainly|primarily|chiefly)\s+(?:help|helps|helped|helping|benefit|benefits|"
    r"benefited|benefiting|benefitting|serve|serves|served|target|targets|targeted|support|supports|aim\s+at|"
    r"aims\s+at)\b", re.I
)


def _is_plural(word: str) -> bool:
    """Whether a word looks like a plural noun: it ends in -s, but not in -ss, -us, -is or a possessive 's."""
    return word.endswith("s") and not _NOT_PLURAL.search(word)


def _what_are_list(question: str) -> bool:
    """ "What are the …" asks for a list; "What are school-community partnerships?" for a definition, and
    "What are schools joining forces to provide?" for one thing."""
    match = _WHAT_ARE.search(question)
    if not match:
        return False
    words = re.findall(r"[\w’'-]+", question[match.end():].lower())
    if not words:
        return False
    if words[0] in _DETERMINERS:
        return True
    if (re.search(r"\w(?:['’]s|s['’])$", words[0]) or words[0] in _POSSESSIVES) and len(words) > 1 and _is_plural(
            words[1]) and not any(w.endswith("ing") for w in words[2:]):
        # "What are schools' responsibilities …?", "what are our responsibilities?": a possessive determines the
        # plural after it ("what are our students learning?" asks for one thing)
        return True
    return (_is_plural(words[0]) and len(words) > 2
            and not any(w.endswith("ing") for w in words[1:]))


_POSSESSIVES = frozenset({"our", "my", "your", "their"})

#: Words between "which" and its noun that leave it asking for several things: "which other stakeholders …".
_OTHER_THAN = frozenset({"other", "further", "additional", "specific", "particular"})


def _plural_head(question: str) -> str | None:
    """The plural noun right after "what"/"which" ("What challenges come up …", "Which evaluation metrics …")."""
    match = _WH_REST.search(question)
    if not match:
        return None
    words = re.findall(r"[\w’'-]+", match.group("rest").lower())
    for position, word in enumerate(words[:3]):
        if word in _OTHER_THAN:
            continue  # "which other stakeholders …"
        if word in _AUXILIARIES or word in _QUESTION_WORDS or _PRONOUN.fullmatch(word) or word in _VERBS_S:
            return None
        if position and words[position - 1] in _SINGULAR_HEADS and word not in LIST_NOUNS:
            return None
        if _is_plural(word) and position + 1 < len(words):
            return word
    return None


def _list_head(question: str) -> str | None:
    """The head noun of the sentence of `question` that asks for a list: the first that names a kind of listed
    thing ("walk me through the school's side of the deal - what is a school on the hook for?" asks for
    responsibilities), or else the first."""
    heads = [list_head(p) for p in _sentences(question) if _asks_for_list(p)] or [list_head(question)]
    # ("what kinds of collaboration setups do schools have? just want the main types": "types" says no more than the
    # sentence before it)
    named = [h for h in heads if h not in _BARE_KINDS] or heads
    return next((h for h in named if h in NOUN_FAMILY or h in LIST_NOUNS), named[0])


#: Heads that name no kind of thing by themselves: "the main types".
_BARE_KINDS = frozenset({"types", "kinds", "sorts"})


#: The places a question may ask for as examples, and two of them ("districts or cities").
_PLACES = r"(?:districts|cities|towns|places|communities)"
_PLACES_PAIR = _PLACES + r"(?:\s+(?:or|and)\s+" + _PLACES + r")?"
#: "real examples of districts that made it work", "point me to some cities where these partnerships worked": the
#: places are the examples the documents give.
_PLACES_AS_EXAMPLES = re.compile(
    r"\bexamples?\s+of\s+(?:[\w-]+\s+)?(?:districts|cities|towns|places|communities|regions|countries)\b|"
    # "any real-world districts or cities I could point my superintendent to as examples?"
    r"\b" + _PLACES + r"\b[^?.!]{0,60}?\bas\s+(?:good\s+|real\s+)?examples\b|"
    r"\b(?:point\s+(?:me|us)\s+to|show\s+(?:me|us)|name)\s+(?:some\s+|a\s+few\s+|any\s+)?(?:real\s+|actual\s+)?"
    + _PLACES + r"(?:\s+or\s+\w+)?\s+(?:where|that)\b|"
    # "have any real districts actually pulled this off?"
    r"\b(?:any|which|what|real|actual|real-world)\s+(?:real\s+|actual\s+|real-world\s+)?(?:school\s+)?" + _PLACES_PAIR
    + r"\s+(?:that\s+|which\s+)?(?:have\s+|has\s+)?(?:\w+ly\s+)?"
    r"(?:pulled|done|made|tried|managed|got|gotten)\b|"
    # "What did the Denver, Philadelphia and New York partnerships each achieve?": three places' examples
    r"(?-i:\b[A-Z]\w+(?:\s+[A-Z]\w+)*,\s+[A-Z]\w+(?:\s+[A-Z]\w+)*,?\s+and\s+[A-Z]\w+(?:\s+[A-Z]\w+)*)\s+"
    r"(?:partnerships?|partnership\s+examples|examples|case\s+studies|cases)\b|"
    # "Are there any real districts or cities where this kind of partnership has been shown to work?"
    r"\b(?:any|which|what)\s+(?:real\s+|actual\s+|real-world\s+)?(?:school\s+)?" + _PLACES_PAIR
    + r"\s+where\b[^?]*\b(?:work|worked|working|succeeded|success|tried|used|"
    r"done)\b",
    re.I,
)


#: "Who are the players …": the things a question names right after "what/who are the".
_WHAT_ARE_THE = re.compile(_WHAT_ARE.pattern + r"(?:the|all\s+the)\s+(?:(?:main|key|different)\s+)?(?P<head>[a-z]+)\b",
                           re.I)


#: "the different ways schools team up with outside groups": the ways are the models of collaboration (unlike
#: "ways to work together well", which asks how).
_WAYS_OF_TEAMING_UP = re.compile(
    r"\bways\s+(?:that\s+)?(?:schools?|a\s+school|districts?|institutions?)\b[^?.!]*?\b(?:team(?:s|ing)?\s+up|"
    r"collaborat(?:e|es|ing)|partner(?:s|ing)?\s+(?:up\s+)?with|work(?:s|ing)?\s+together|structure)\b", re.I)


def list_head(question: str) -> str | None:
    """The noun a list question asks for: "models" in "What are the common models of collaboration?"."""
    head = _named_head(question)
    return "models" if head == "ways" and _WAYS_OF_TEAMING_UP.search(question) else head


def _named_head(question: str) -> str | None:
    question = re.sub(r"\s*\([^)]*\)", "", question)  # "the examples (cities/districts) given"
    if _PLACES_AS_EXAMPLES.search(question):
        return "examples"
    areas = _IN_WHAT_AREAS.search(question)
    if areas:
        return areas.group("head").lower()
    if re.search(r"\bexamples?\s+of\s+(?:success|good\s+practice|best\s+practice|what\s+works)\b", question, re.I):
        return "examples"  # "which case studies could I cite as examples of success?"
    kinds = re.search(r"(?<!\bin\sthe\s)\b(?:kinds?|types?|sorts?|forms?|examples?|ways?)\s+of\s+"
                      r"(?P<x>[\w-]+(?:\s+[\w-]+)?)", question, re.I)
    implied = implied_head(question)
    named = _WHAT_ARE_THE.match(question) if implied else None
    if named and named.group("head").lower() in NOUN_FAMILY:
        # "Who are the players … and what does each one bring to the table?": the things it names come first
        return named.group("head").lower()
    if kinds:
        words = [w for w in kinds.group("x").lower().split() if w not in _AUXILIARIES and w not in _QUESTION_WORDS]
        plurals = [w for w in words if _is_plural(w)]
        head = (plurals or words or [kinds.group("x").lower().split()[0]])[0]
        if (re.match(r"examples?\b", kinds.group(0), re.I) and head not in LIST_NOUNS and head not in NOUN_FAMILY
                and re.search(r"\b(?:partnerships?|collaborations?)\b", question[kinds.start("x"):kinds.end("x") + 30],
                              re.I)):
            head = "examples"  # "any real-world examples of school community partnerships working?": the case studies
        if not (implied and head in ("things", "thing", "help", "stuff")):  # "what kinds of things can … bring"
            return head
    if implied:
        return implied
    first = _NOUN_FIRST.search(question)
    if first:
        return first.group("head").lower()
    if re.match(r"^\W*(?:\w+\s+)?ways\s+(?:to|for)\b", question, re.I):
        return "ways"  # "ways to collect feedback from families?"
    embedded = _embedded_head(question)
    if embedded:
        return embedded
    plural = _plural_head(question)
    if plural:
        return plural
    there = _ARE_THERE.search(question)
    if there:
        # "any real examples or case studies of …": each alternative's plural nouns
        alternatives = re.split(r"\s+or\s+", there.group("rest"), flags=re.I)
        found = [w for part in alternatives for w in content_words(_PHRASE_END.sub("", part))
                 if _is_plural(w)]
        if found:
            return " ".join(found)
    keyed = _KEY_PLURAL.search(question)
    if keyed:
        return (keyed.group("head") or keyed.group("parts")).lower().split()[-1]
    opener = _WHAT_ARE if _WHAT_ARE.search(question) else _LIST_START
    rest = opener.sub("", question, count=1).strip(" ?.!")
    phrase = re.sub(r"\s+of\b.*$", "", _PHRASE_END.sub("", rest), flags=re.I)
    words = content_words(phrase)
    plurals = [w for w in words if _is_plural(w)]
    if plurals and plurals[0] not in LIST_NOUNS:
        # "the main stakeholder groups": a list noun before the head says which things it is
        before = words[words.index(plurals[0]) - 1] + "s" if words.index(plurals[0]) else ""
        if before in LIST_NOUNS:
            plurals[0] = before
    if not plurals:  # "Name the real-world examples given of …": a list noun that is also a question word
        plurals = [w for w in re.findall(r"[\w’'-]+", phrase.lower()) if w in LIST_NOUNS]
    return plurals[0] if plurals else words[-1] if words else None


def what_about(question: str) -> str | None:
    """X in "What about X?" / "And how about X?", or None."""
    match = _WHAT_ABOUT.search(question)
    if not match:
        return None
    said = match.group("rest") or match.group("x") or match.group("y")
    rest = re.split(r"\s*[?.!]+\s+", said, maxsplit=1)[0]  # "what about parents? why do they …"
    # "the community side, any benefit there?", "the neighborhood itself, not just students?"
    rest = re.split(r"\s*,\s*(?=(?:any|not|rather|instead|as\s+opposed)\b)", rest, maxsplit=1)[0]
    rest = re.sub(r"(?<=\w)\s+(?:itself|themselves)\W*$", "", rest, flags=re.I)
    rest = re.sub(r"\s+(?:specific\w*|in\s+particular|exactly|though|then|too|as\s+well)\W*$", "", rest, flags=re.I)
    # "the community side", "the money side of it", "the staffing side of things"
    rest = re.sub(r"(?<=\w)\s+(?:side|angle|perspective|aspect)(?:\s+of\s+(?:it|things|that|this))?\W*$", "", rest,
                  flags=re.I)
    # "for the wider community": the community
    rest = re.sub(r"\b(?:wider|broader|whole|surrounding|larger|entire)\s+(?=\w)", "", rest, flags=re.I)
    return _LEADING_ARTICLE.sub("", rest.strip())


def after_what_about(question: str) -> str | None:
    """The question that follows "What about X?" in the same message ("… why do they matter?"), or None."""
    if not _WHAT_ABOUT.search(question):
        return None
    parts = re.split(r"(?<=[?.!])\s+", question.strip(), maxsplit=1)
    return parts[1] if len(parts) == 2 and content_words(parts[1]) else None


def described_item(question: str) -> str | None:
    """The word of "the equity one" / "the one about equity" that picks a list item, or None."""
    match = _DESCRIBED.search(question)
    if not match:
        return None
    word = (match.group("a") or match.group("b")).lower()
    # ("the mental health one": two words that describe; "the very last one", "the other main one" do not)
    return None if any(w in _QUESTION_WORDS or w in _ORDINALS or w in _NOT_DESCRIPTIONS or w in _DETERMINERS
                       or w.endswith("ly") for w in word.split()) else word


#: Ordinal words that point at no list item: "what's the point of these partnerships in the first place?"
_NOT_ORDINAL = re.compile(r"\bin\s+the\s+first\s+place\b|\bfirst\s+of\s+all\b|\bat\s+(?:first|last)\b|"
                          # "When we first approach a potential partner": first said of a doing, not of an item
                          r"\b(?:we|i|you|they|schools?|partners?)\s+first\b(?!\s+one\b)|"
                          r"\b(?:the\s+)?(?:first|last)\s+(?:time|few|couple|year|month|week|decade)s?\b|"
                          # "Our last partnership fizzled out": the asker's own earlier one
                          r"\b(?:our|my|their)\s+(?:first|last)\b", re.I)


def ordinal_reference(question: str) -> int | None:
    """The list position a question refers to ("the second one" → 2, "the last one" → -1), or None.

    >>> ordinal_reference("tell me more about the second one")
    2
    >>> ordinal_reference("what's the point of these partnerships in the first place?") is None
    True
    """
    question = _NOT_ORDINAL.sub(" ", question)
    match = _ORDINAL.search(question)
    if match:
        word = match.group("word").lower()
        # "first" alone is often an adverb ("What should schools do first?"): it needs "the" or a noun.
        if match.group(0).lower() != word or word not in ("first", "last", "final"):
            return _ORDINALS[word]
    numbered = _NUMBERED.search(question)
    if not numbered:
        return None
    n = numbered.group("n").lower()
    return _NUMBER_WORDS[n] if n in _NUMBER_WORDS else int(n)


def content_words(text: str) -> list[str]:
    """The words of `text` that say what it is about (question words, pronouns and function words left out)."""
    words = [re.sub(r"['’](?:s|re|ll|ve|d)$", "", w) for w in re.findall(r"[\w’'-]+", text.lower())]  # "what's"
    return [w for w in words if w not in _QUESTION_WORDS and not _PRONOUN.fullmatch(w) and not w.isdigit()]


_WHICH_OF_THOSE = re.compile(r"^(?:so\s+|and\s+|ok(?:ay)?,?\s+)?(?:which|what|(?:are\s+|is\s+)?any)\s+(?:one\s+)?of\s+"
                             r"(?:those|these|them|the\s+(?:ones?|models|items|options))\s+(?P<rest>.+?)" + _END
                             # "which one would help a kid with ADHD the most?", not "which one is better, X or Y?"
                             + r"|^(?:so\s+|and\s+|ok(?:ay)?,?\s+)?which\s+one\s+(?!.*\bor\b)(?P<one>(?:would|does|do|"
                             r"could|should|can|will|fits|suits|works|helps)\b.+?)" + _END, re.I)


def which_of_those(question: str) -> str | None:
    """What picks an item of the previous list answer in "which of those is mostly found in the US?", or None.

    >>> which_of_those("which of those is mostly found in the United States?")
    'is mostly found in the United States'
    >>> which_of_those("any of those specifically about communication?")
    'specifically about communication'
    """
    return _phrase(_WHICH_OF_THOSE, question.strip())


def asks_why(question: str) -> bool:
    """Whether a question is a bare "why?" ("how so?", "how come?") about the answer before it."""
    return bool(_BARE_WHY.match(question.strip()))


#: "that team", "those numbers": a thing the conversation has already named; "how so? like …" asks on about it.
_POINTS_BACK = re.compile(
    r"\b(?:that|those|these|this)\s+(?!(?:is|are|was|were|does|do|did|will|would|can|could|has|have|had|means?|"
    r"way|much|many|far|long|time|year|week|day)\b)[a-z][a-z-]+\b|^(?:but\s+|and\s+|so\s+|ok(?:ay)?,?\s+)?how\s+so\b"
    # "could it work in our context …?": what the question is about is what was said
    r"|^(?:but\s+|and\s+|so\s+|ok(?:ay)?,?\s+)?(?:could|can|would|will|does|do|did|is|was|should|might)\s+(?:it|they)\s+"
    r"(?!(?:be\s+)?(?:true|possible|said|argued)\b)"
    # "has any big city actually done that?"
    # … "which countries have seen that?", "has anyone actually put that into practice?"
    r"|\b(?:done|tried|pulled\s+off|used|adopted|implemented|seen|do|try|use|adopt|implement|put)\s+(?:that|this|it)"
    r"(?:\s+off|\s+(?:into|in)\s+(?:practice|place|action))?\W*$",
    re.I,
)


def points_back(question: str) -> bool:
    """Whether the question names something as already said: "that team", "those numbers", "how so? like …".

    >>> points_back("ok who would be on that team exactly?")
    True
    >>> points_back("How does a flipped classroom work?")
    False
    """
    return bool(_POINTS_BACK.search(question.strip()))


#: A question this short may lean on the conversation before it.
LEANING_WORDS = 10


def leans_on(question: str, words: int = LEANING_WORDS) -> bool:
    """Whether a question may lean on the conversation before it: one of at most `words` words with a personal
    pronoun and no name of its own.

    >>> leans_on("could it work anywhere, or only in big cities?")
    True
    >>> leans_on("How does the Community Schools Model work in rural districts?")
    False
    """
    return len(question.split()) <= words and _pronoun_without_name(question)


def _pronoun_without_name(question: str) -> bool:
    """Whether a question has a personal pronoun ("it", "they") and names nothing of its own."""
    return bool(_PERSONAL.search(question)) and not _NAMED.search(question[1:])


#: Words that only colour a question, not what it is about.
_FILLER_WORDS = frozenset({"ultimately", "trying", "besides", "most"})


def _refers_back(question: str) -> bool:
    """Whether the question leans on an earlier one: a pronoun, and too few words of its own to stand alone.

    "it", "they", "its" refer back unless the question names its own subject; "these partnerships" carries
    its own noun and stands alone, while "that model" or "this one" refers back.
    """
    # ("does that make a difference for the kids?": why what was said matters, `asks_why_that`)
    if _WHAT_ABOUT.search(question) or _BARE_WHY.match(question) or asks_why_that(question) or re.match(
            r"^(?:tell\s+me\s+more|more\s+details?|go\s+on|elaborate)\W*$", question, re.I):
        return True
    if _DEMONSTRATIVE_PHRASE.search(question):
        return True
    # ("ultimately" and "trying" say nothing of their own: "what's it ultimately trying to achieve for kids?")
    own = [w for w in content_words(question) if len(w) > 2 and w.lower() not in _FILLER_WORDS]
    if _LONE_DEMONSTRATIVE.search(question) and len(own) <= 2 and not _NAMED.search(question[1:]):
        return True  # "How does that work in practice?", "Why does that matter?"
    if not _pronoun_without_name(question):
        return False
    return len(own) <= 3


def subject_of(question: str) -> str | None:
    """What the question is about: a named thing ("Community Schools Model"), else the X of "what is X"."""
    named = []
    for match in _NAMED.finditer(question):
        words = match.group(0).split()
        while len(words) > 1 and (re.sub(r"['’]s$", "", words[0].lower()) in _QUESTION_WORDS):
            words = words[1:]  # "Describe the Building Blocks Framework", "What's the Community …"
        if match.start() > 0 or len(words) > 1:
            named.append(" ".join(words))
    if named:
        return max(named, key=len)
    match = _STEPS_FOR.search(question) or _SUBJECT_AFTER.search(question)
    if match:
        # "Explain the inclusivity part - what does it get you?": the subject ends where the sentence turns
        phrase = re.split(r"\s+[-–—]\s+|[?:;]\s+", next(g for g in match.groups() if g).strip(), maxsplit=1)[0]
        cut = _PHRASE_END.sub("", phrase)
        if all(w.endswith(("ed", "ing")) for w in content_words(cut)):
            # "who is involved in interprofessional collaboration": the subject follows the preposition
            cut = _PHRASE_END.sub("", re.sub(r"^.*?\b(?:in|for|with|by|of|about)\s+", "", phrase, count=1))
        cut = _LEADING_ARTICLE.sub("", _FILLER_END.sub("", cut))
        # "what is the definition of a school-community partnership?" is about the partnership
        cut = re.sub(r"^(?:(?:exact|precise|simple|formal)\s+)?(?:definition|meaning)\s+of\s+(?:an?\s+|the\s+)?",
                     "", cut, flags=re.I)
        if content_words(cut):
            return cut
    single = [m.group(0) for m in re.finditer(r"(?<!^)\b[A-Z][a-z]+\b", question)
              if m.group(0).lower() not in _QUESTION_WORDS and m.group(0).lower() not in _LINKING_WORDS]
    return single[0] if single else None


#: Words that open a sentence to link it to the one before ("Additionally, the growing emphasis …"): no subject.
_LINKING_WORDS = frozenset({"additionally", "moreover", "furthermore", "however", "finally", "also", "similarly",
                            "likewise", "lastly", "first", "second", "third", "equally", "further", "ultimately",
                            "another", "then", "thus", "therefore", "meanwhile"})


_WANTS_TIME = re.compile(
    r"\bwhen\s+(?:did|was|were)\b|\b(?:what|which)\s+(?:year|date|month|decade|century)\b|\bhow\s+long\s+ago\b|"
    r"\bhow\s+old\b",
    re.I,
)
_WANTS_NAME = re.compile(
    r"^(?:and\s+|so\s+)?who\s+(?:first\s+|originally\s+|actually\s+|really\s+)?(?:developed|created|founded|invented|"
    r"wrote|designed|started|coined|"
    r"proposed|introduced|came\s+up\s+with)\b",
    re.I,
)
_WANTS_NUMBER = re.compile(
    # "how many community schools" (not "how many different models", a list)
    r"\bhow\s+many\s+(?:(?!(?:kinds|types|sorts|ways|" + _LIST_NOUNS + r")\b)[a-z-]+\s+){0,2}?"
    r"(?!(?:kinds|types|sorts|ways|" + _LIST_NOUNS + r")\b)[a-z]+s\b|"
    r"\bhow\s+long\s+(?:is|are|does|did|do|will|should|would|can)\b|"
    r"\bhow\s+much\s+(?:money|time|homework|funding|funds|budget|tuition|notice|(?:does|do|did|will|would|should)\s+"
    r"[^?]*\b(?:cost|pay|earn|charge|spend)\b)|\bwhat\s+(?:percentage|proportion|ratio|salary|price|fee)\b|"
    r"\bby\s+how\s+much\b|\bpercentage\s+points?\b|\bwhat(?:'s|’s|\s+is|\s+was|\s+were)\s+the\s+(?:average\s+|typical\s+|annual\s+|total\s+)?"
    r"(?:cost|costs|budget|price|salary|percentage|amount)\b|\b(?:actual|exact|hard)\s+(?:numbers|figures|statistics|data)\b|"
    r"\bneed\s+the\s+(?:numbers|figures|statistics)\b|\b(?:cut|cuts|halved?|reduced?|dropped?)\b[^?]*\bin\s+half\b|"
    r"\bat\s+(?:higher|lower)\s+rates\b|\b(?:doubled?|tripled?)\b|"
    # "What does it typically cost per student …?"
    r"\bwhat\s+(?:does|do|did|would|will|should)\s+[^?]*\bcost\b|\bhow\s+expensive\b|"
    r"\bper\s+(?:student|pupil|child|learner|head|capita)\b",
    re.I,
)


_OPINION = re.compile(
    r"\bin\s+your\s+(?:opinion|view)\b|\bwhat\s+do\s+you\s+(?:think|recommend|suggest)\b|\bwould\s+you\s+"
    r"(?:recommend|suggest|choose|pick)\b|\b(?:just\s+)?tell\s+me\s+which\s+(?:one\s+)?(?:to\s+)?(?:pick|choose|go\s+with)\b|"
    r"\bwhich\s+(?:one\s+)?should\s+(?:we|i)\s+(?:pick|choose|go\s+with)\b|\bworth\s+the\s+risk\b|"
    r"\b(?:would|will)\s+(?:be|work)\s+best\s+for\s+(?:a|an|our|my|us|me)\b|"
    # "Should private companies be allowed to …?", "Is X a better fit than Y for …?": a judgement to make
    r"\bshould\s+(?:[\w’'-]+\s+){1,4}?be\s+(?:allowed|permitted|required|forced|banned|obliged|made)\s+to\b|"
    r"^(?:is|are)\s+[^?]+?\s+(?:a\s+)?(?:better|worse|(?:more|less)\s+(?:effective|successful|useful|valuable|"
    r"impactful))\s+(?:(?:fit|choice|option|bet|match|idea)\s+)?than\b|"
    r"\bshould\s+(?:schools?|districts?|teachers?|we|they|partners?|parents?|the\s+\w+)\s+(?:require|mandate|force|"
    r"ban|forbid|oblige|pay|charge)\b|"
    # "Which learning management system is best for tracking …?": a product to pick, not a model the documents describe
    r"^which\s+(?!(?:[\w-]+\s+){0,3}?(?:model|models|framework|frameworks|approach|approaches|partnership|partnerships|"
    r"strategy|strategies|trend|trends|one|ones|of)\b)(?:[\w-]+\s+){1,4}?(?:is|are|works?)\s+(?:the\s+)?best\s+"
    r"(?:for|to|at)\b|"
    r"\bwhich\s+(?:[\w-]+\s+){0,2}?(?:one|model|approach|option|framework|program|partner)\s+should\s+(?:we|i|our\s+\w+|"
    r"my\s+\w+)\s+(?:pick|choose|go\s+with|adopt|start\s+with)\b",
    re.I,
)
#: "Which frameworks would you recommend looking at?" asks for the options the documents describe, not for a pick.
_OPTIONS_RECOMMENDED = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:" + _LIST_NOUNS + r")\s+(?:would|do|could|can)\s+you\s+"
    r"(?:recommend|suggest)\b", re.I)
#: "Could you write a questionnaire …", "Draft me a letter …": a request to write, where the documents can only
#: be quoted.
_WRITING = re.compile(
    r"(?:^|[.?!;,]\s*|[-–—]\s*|\b(?:and|then)\s+)(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?"
    r"(?:write|draft|compose|prepare|design|create|make|produce|put\s+together|come\s+up\s+with|lay\s+out|"
    r"map\s+out|draw\s+up|sketch\s+out|plan\s+out)\s+"
    r"(?:(?:me|us)\s+)?(?:up\s+)?(?:a|an|one|some|the\s+text\s+of)\b|"
    # "walk me through drafting a memorandum", "help us write a letter"
    r"\b(?:(?:walk|take|talk)\s+(?:me|us)\s+through|help\s+(?:me|us)\s+(?:with\s+)?)\s*(?:to\s+)?"
    r"(?:writ(?:e|ing)|draft(?:ing)?|compos(?:e|ing)|drawing\s+up|draw\s+up)\s+(?:a|an|one|our|the)\b|"
    # "Is there a template for a memorandum of understanding …?": a form to fill in, which the documents never give
    r"\b(?:templates?|boilerplate|sample\s+(?:letters?|agreements?|contracts?|forms?|policy|policies))\b",
    re.I,
)
_DOCUMENT_NOUN = r"(?:article|page|document|documents|piece|text|report|source|post)"

#: Words that name a whole document, a question-and-answer page, or a part of a document.
_WHOLE = r"article|page|piece|post|document|doc|text|guide|overview|explainer|write-?up|report|summary|faq|q\s*&\s*a"
_PART = r"section|part|bit|chapter|heading"
_REFERENCE = (r"((?:[\w&’'-]+\s+){0,4}?(?:" + _WHOLE + "|" + _PART
              + r")(?:\s+page)?(?:\s+(?:on|about|of)\s+[^,?.;!]+?)?)")
_SOURCE = re.compile(
    # "…, according to the page on collaboration models?" / "According to the Q&A, …"
    r"\b(?:according\s+to|(?:as\s+)?per)\s+the\s+" + _REFERENCE + r"\s*(?=[,?.;!]|$)"
    # "What outcomes does the Q&A say …?" / "Which frameworks does the article on X describe?"
    r"|\b(?:does|do|did)\s+the\s+" + _REFERENCE + r"\s+(?:say|says|mention|list|describe|offer|give|name|define|"
    r"go\s+through|point\s+to|cover|suggest|recommend)\b"
    # "In the section on assessing impact, …"
    r"|^in\s+the\s+" + _REFERENCE + r"\s*,",
    re.I,
)
_SOURCE_NOUN = re.compile(r"\b(?:(?P<part>" + _PART + r")|(?P<qa>faq|q\s*&\s*a)|" + _WHOLE + r")\b", re.I)


_SAID_WHERE = re.compile(r"(?:,\s*|\s+)?\b(?:according\s+to|(?:as\s+)?per)\s+the\s+" + _REFERENCE
                         + r"\s*(?=[,?.;!]|$),?"
                         r"|^in\s+the\s+" + _REFERENCE + r"\s*,\s*", re.I)


#: "As a PTA chair, …", "I'm a Title I coordinator.": who is asking, not what about.
_ASKER = re.compile(
    # … "For our PTA, is it better to …?"
    r"^(?:(?:hi|hello|hey)\b[,!.]?\s*)?(?:(?:as|for)\s+(?:a|an|the|our|my)\s+[^,.?!]{1,50}[,.]\s*|"
    r"i(?:'m|’m|\s+am)\s+(?:a|an|the)\s+"
    r"[^,.?!]{1,50}[,.]\s*|"
    # "hi, I'm on our PTA and we're trying to …"
    r"i(?:'m|’m|\s+am)\s+(?:on|with|in|from|part\s+of)\s+(?:a|an|the|our|my)\s+[^,.?!]{1,40}?(?:[,.]\s*|\s+and\s+))",
    re.I,
)
#: A sentence that tells the asker's own situation before the question: "Our PTA and the local rec center keep
#: miscommunicating.", "We're launching a partnership with a local YMCA.", "hey, I'm putting together a PD session."
_ASKER_SITUATION = re.compile(r"^(?:(?:hi|hello|hey)\b[,!.]?\s*)?(?:(?:our|my|we|we['’](?:re|ve)|i|i['’](?:m|ve))\s)"
                             r"[^.?!]{3,200}[.!]\s+(?=\S)", re.I)
#: Words by which a question leans on where the asker said they are ("around here", "in our area").
_PLACE_BACK = re.compile(r"\b(?:here|there|nearby|near\s+us|(?:this|that|our|my)\s+(?:area|region|state|city|town|"
                         r"county|country))\b", re.I)


#: A sentence after the question that says what the answer is for: "… ? I need a quick overview for a staff PD
#: session.", "… ? Need a short list for our PTA newsletter."
_PURPOSE_AFTER = re.compile(
    r"(?<=\?)\s+(?:(?:i|we)(?:['’](?:m|re|d)|\s+am|\s+are|\s+would)?\s+)?(?:just\s+)?(?:need|needs|want|wanting|"
    # … "Trying to explain it to our PTA."
    r"looking|asking|writing|preparing|putting|planning|presenting|drafting|like|trying|hoping)\b[^?]*$|"
    r"(?<=\?)\s+(?:it['’]s|this\s+is|that['’]s)\s+for\s+(?:a|an|the|our|my)\b[^?]*$",
    re.I,
)


def asked_part(question: str) -> str:
    """The question without the asker's description of themselves ("As a PTA chair, …"), without a sentence after
    it that says what the answer is for, and without a sentence that tells the asker's situation when the question
    after it does not lean on it by a pronoun or a place word.

    >>> asked_part("Our PTA and the rec center keep miscommunicating. What communication strategies help?")
    'What communication strategies help?'
    >>> asked_part("We use the YMCA model. How does it work?")
    'We use the YMCA model. How does it work?'
    >>> asked_part("What do families contribute? Need a short list for our PTA newsletter.")
    'What do families contribute?'
    """
    question = _PURPOSE_AFTER.sub("", _ASKER.sub("", question.strip()))
    situation = _ASKER_SITUATION.match(question)
    if situation is None:
        return question
    rest = question[situation.end():]
    return question if _PERSONAL.search(rest) or _PLACE_BACK.search(rest) else rest


def without_source(question: str) -> str:
    """The question without the words that say where its answer is, when they stand apart from it.

    >>> without_source("According to the Q&A, what can partnerships lead to?")
    'what can partnerships lead to?'
    >>> without_source("What good comes of it, according to the page on collaboration models?")
    'What good comes of it?'
    """
    rest = _SAID_WHERE.sub(" ", question).strip()
    rest = re.sub(r"\s+([?.!,;])", r"\1", " ".join(rest.split()))
    return rest if content_words(rest) else question


#: What a question may call a document it names by its author ("the QuickTakes answer", "QuickTakes' list").
_AUTHORED = (r"(?:answer|response|list|page|article|post|piece|document|text|summary|overview|guide|explanation|"
             r"write-?up|breakdown|site|website)")


def without_author(question: str, author: str) -> str | None:
    """The question with its mention of `author` (who wrote a document, as the document's metadata names them) taken
    out, so that what is left is what it asks; None when it does not name them.

    >>> without_author("According to QuickTakes, what do schools need to foster?", "QuickTakes")
    'what do schools need to foster?'
    >>> without_author("what models does the QuickTakes answer list?", "QuickTakes")
    'what models does the answer list?'
    >>> without_author("What does quicktakes say about funding?", "QuickTakes")
    'What does the page say about funding?'
    >>> without_author("What do quick takes say?", "QuickTakes") is None
    True
    >>> without_author("What is QuickTakes?", "QuickTakes") is None
    True
    """
    name = r"\s+".join(re.escape(word) for word in author.split())
    if not name or not re.search(rf"(?<![\w-]){name}(?![\w-])", question, re.I):
        return None
    named = rf"(?:the\s+)?{name}(?:['’]s?)?(?:\s+{_AUTHORED})?"
    rest = re.sub(rf"^(?:according\s+to|(?:as\s+)?per)\s+{named}\s*(?:,\s*|\s+)", "", question, flags=re.I)
    rest = re.sub(rf"(?:,\s*|\s+)(?:according\s+to|(?:as\s+)?per)\s+{named}\s*(?=[,?.;!]|$)", "", rest, flags=re.I)
    rest = re.sub(rf"\s+(?:by|from)\s+{name}(?![\w-])", "", rest, flags=re.I)
    rest = re.sub(rf"(?<![\w-])(?:the\s+)?{name}(?:['’]s?)?\s+(?={_AUTHORED}\b)", "the ", rest, flags=re.I)
    rest = re.sub(rf"(?<![\w-])(?:the\s+)?{name}(?:['’]s?)?(?![\w-])", "the page", rest, flags=re.I)
    rest = re.sub(r"\s+([?.!,;])", r"\1", " ".join(rest.split()))
    return rest if content_words(rest.replace("the page", "")) else None


_GOOD_OF = re.compile(
    r"^(?:so\s+|and\s+|but\s+)?(?:"
    r"why\s+(?:does|do|would|should)\s+it\s+(?:really\s+)?(?:matter|help|pay\s+off)\s+(?:so\s+much\s+)?(?:that|if|to|when)\s+"
    r"|why\s+(?:is|are|would)\s+it\s+(?:so\s+|really\s+)?(?:important|crucial|essential|useful|necessary|worth\s+it)\s+"
    r"(?:that|to|for|when)\s+"
    r"|why\s+bother\s+(?:with\s+)?"
    # "Why should partners bother really listening to each other?"
    r"|why\s+(?:would|should|do|does)\s+(?:a\s+|the\s+|our\s+|any\s+)?[\w-]+\s+(?:even\s+)?bother\s+(?:with\s+)?"
    r"(?:really\s+|actually\s+|properly\s+)?"
    r"|is\s+there\s+(?:any|much|a|some)\s+(?:real\s+)?(?:point|value|use)\s+(?:in\s+)?"
    # "Why are schools bothering to bring mental health services into partnerships at all?"
    r"|why\s+(?:are|is)\s+(?:a\s+|the\s+|our\s+|any\s+)?[\w-]+\s+(?:even\s+)?bothering\s+(?:to|with)\s+"
    r"|what(?:'s|’s|s|\s+is)\s+the\s+(?:point|payoff|benefit|value|use|purpose|upside)\s+of\s+"
    r"|what\s+(?:do|does|would|will)\s+(?:you|we|i|a\s+school|schools|partners|a\s+partnership)\s+(?:gain|get)\s+(?:by|from)\s+"
    r")(?P<x>[^?]+)"
    # "What does spelling out everyone's role actually do for a partnership?"
    r"|^(?:so\s+|and\s+|but\s+)?what\s+(?:does|do|would|will|can)\s+(?P<y>[^?]+?)\s+(?:\w+ly\s+)?do\s+for\s+"
    r"(?:a|an|the|our|your|their|any)?\s*(?:partnerships?|collaborations?|schools?|students|kids)\b",
    re.I,
)


def good_of(question: str) -> str | None:
    """What a question asks the point of, when it asks why something matters in so many words.

    >>> good_of("Why does it matter that every partner knows their role?")
    'every partner knows their role'
    >>> good_of("What's the payoff of giving every partner a clearly defined job?")
    'giving every partner a clearly defined job'
    >>> good_of("whats the point of active listening between partners?")
    'active listening between partners'
    >>> good_of("What does spelling out everyone's role actually do for a partnership?")
    "spelling out everyone's role"
    >>> good_of("Why do partnerships fail?") is None
    True
    """
    return _phrase(_GOOD_OF, question)


#: What a definition is asked to be: "a simple definition of", "the actual definition of".
_DEFINITION_QUALIFIER = (r"(?:simple|short|quick|basic|clear|plain|one-line|brief|actual|exact|precise|formal|official|"
                         r"proper|real|textbook|working|good)")
_DEFINITION = re.compile(
    r"^(?:so\s+|ok(?:ay)?,?\s+|and\s+|in\s+(?:simple|plain|short|a\s+few)\s+(?:terms|words),?\s+|simply\s+put,?\s+)?"
    r"what(?:\s+exactly|\s+actually|\s+really|\s+precisely)?(?:\s+is|\s+are|['’]s)\s+"
    r"(?:an?\s+|the\s+)?(?P<a>[^?,;]+?)\s*(?:[?,;]|$)"
    # "Define X", "How would you define X?", not "the steps that define an effective partnership"
    r"|(?:^(?:please\s+|can\s+you\s+|could\s+you\s+)?|\bhow\s+(?:would|do|does|did|should|can|might)\s+"
    r"(?:you|we|i|the\s+\w+|it|they)\s+)define\s+(?:an?\s+|the\s+)?(?P<b>[^?,;]+?)(?:\s+in\s+(?:one|a|simple|plain|a\s+few)\b[^?]*)?\s*(?:[?,;]|$)"
    r"|\bwhat\s+(?:does|do)\s+(?:the\s+(?:term|phrase|word)\s+)?['‘\"“]?(?P<c>[^?]+?)['’\"”]?\s+mean\b"
    r"|\bwhat\s+is\s+meant\s+by\s+(?:an?\s+|the\s+)?(?P<d>[^?]+?)\s*(?:\?|$)"
    # "quick definition pls - what counts as a school-community partnership?"
    r"|\bwhat\s+(?:exactly\s+|really\s+|actually\s+)?counts\s+as\s+(?:an?\s+|the\s+)?(?P<e>[^?,;]+?)\s*(?:[?,;]|$)"
    # "I need a simple definition of a school-community partnership"
    r"|^(?:(?:i\s+(?:need|want|would\s+like)|(?:can|could)\s+(?:you\s+give\s+me|i\s+(?:get|have))|give\s+me)\s+)?"
    r"(?:an?\s+|the\s+)?(?:" + _DEFINITION_QUALIFIER + r"\s+)?definition\s+(?:of|for)\s+"
    r"(?:an?\s+|the\s+)?(?P<f>[^?,;.]+?)\s*(?:[?,;.]|$)",
    re.I,
)


#: A term the question puts in quotation marks: "'provide resources'", "\"wraparound\"".
QUOTED_TERM = re.compile(r"(?:(?<=\s)|^)['‘\"“]([^'’\"”]{3,40})['’\"”](?=[\s,.?!]|$)")


def defined_term(question: str) -> str | None:
    """What a question asks the definition of, or None.

    >>> defined_term("what exactly is a school-community partnership?")
    'school-community partnership'
    >>> defined_term("How would you define a school-community partnership in one sentence?")
    'school-community partnership'
    >>> defined_term("Which framework sets out the steps that define an effective partnership?") is None
    True
    >>> defined_term("What does interprofessional collaboration mean?")
    'interprofessional collaboration'
    >>> defined_term("In simple terms, what is a school-community partnership?")
    'school-community partnership'
    >>> defined_term("what does a full service school even mean?")
    'a full service school'
    >>> defined_term("I need a simple definition of a school-community partnership")
    'school-community partnership'
    >>> defined_term("When a group says it'll 'provide resources', what does that usually mean?")
    'provide resources'
    """
    term = _phrase(_DEFINITION, question)
    if term is not None:
        # "what is the definition of a school-community partnership?"
        term = re.sub(r"^(?:" + _DEFINITION_QUALIFIER + r"\s+)?definition\s+(?:of|for)\s+(?:an?\s+|the\s+)?", "", term,
                      flags=re.I)
    if term is not None and re.match(r"(?:that|this|it|those|these)\b", term, re.I):
        # "When a group says it'll 'provide resources', what does that usually mean?": what it quotes, if anything
        quoted = QUOTED_TERM.search(question)
        return quoted.group(1) if quoted else None
    return None if term is None else _FILLER_END.sub("", term)


def _phrase(pattern: re.Pattern[str], question: str) -> str | None:
    """The phrase a pattern captures in the question (its first group that matched), when it holds a word of
    its own; else None."""
    match = pattern.search(question)
    if match is None:
        return None
    phrase = next((group for group in match.groups() if group), "").strip()
    return phrase if content_words(phrase) else None


@dataclass(frozen=True)
class SourceReference:
    """A question's "according to the page on collaboration models": which document, or part of one, it means."""

    #: The words that describe it ("collaboration models"); empty for a bare "the article".
    words: str
    #: It names a part of a document ("the section on stakeholder roles").
    part: bool = False
    #: It names a question-and-answer page ("the Q&A", "the FAQ"), whose title is its question.
    questions_page: bool = False


def source_reference(question: str) -> SourceReference | None:
    """The document or section a question says its answer is from, when it says so.

    >>> source_reference("What good comes of it, according to the page on collaboration models?")
    SourceReference(words='collaboration models', part=False, questions_page=False)
    >>> source_reference("What outcomes does the Q&A say partnerships lead to?")
    SourceReference(words='', part=False, questions_page=True)
    >>> source_reference("What sits at the core, according to the key components section?").part
    True
    >>> source_reference("What does research say about mentoring?") is None
    True
    """
    match = _SOURCE.search(question)
    if match is None:
        return None
    ref = next(group for group in match.groups() if group)
    nouns = list(_SOURCE_NOUN.finditer(ref))
    if not nouns:
        return None
    words = _SOURCE_NOUN.sub(" ", ref).replace("-", " ")
    words = re.sub(r"\b(?:on|about|of|the|a|an|this|that)\b", " ", words, flags=re.I)
    return SourceReference(" ".join(words.split()), part=bool(nouns[-1].group("part")),
                           questions_page=any(noun.group("qa") for noun in nouns))
_ABOUT_DOCUMENTS = re.compile(
    r"\b(?:who|which\s+(?:organi[sz]ation|company|group|person|author))\s+(?:wrote|writes|published|publishes|authored|"
    r"owns|produced|created)\s+(?:the|this|that|these)?\s*[^?]*?\b" + _DOCUMENT_NOUN + r"\b"
    r"|\b(?:when|what\s+year)\s+(?:was|were|is)\s+(?:the|this|that|these)\s+(?:[\w-]+\s+){0,4}?" + _DOCUMENT_NOUN
    + r"\s+(?:written|published|updated|posted)\b"
    r"|\b(?:sources|references|citations|bibliography|studies)\s+(?:does|do|did)\s+(?:the|this|that|these|it)\b[^?]*\b(?:cite|"
    r"reference|use|draw\s+on|rely\s+on)\b"
    r"|\bpeer[-\s]reviewed\b",
    re.I,
)


#: "Are schools legally required to …?": only a passage that speaks of law answers it.
_WANTS_LAW = re.compile(
    r"\b(?:legally|laws?|legal|legislation|statutes?|regulations?|mandated|mandatory|liable|liability|compliance|"
    r"compliant|lawsuits?)\b",
    re.I,
)
_ORGANIZATIONS = (r"(?:companies|businesses|firms|corporations|nonprofits|non-profits|organi[sz]ations|charities|"
                  r"sponsors|funders)")
#: "Which companies took part in the Philadelphia program?", "name the specific non-profits": names are wanted,
#: of the organizations of a case the question names, or asked for as names.
_WANTS_NAMES = re.compile(
    r"\b(?:specific|particular|actual)\s+(?:[\w-]+\s+)?" + _ORGANIZATIONS + r"\b|\bnames?\s+(?:of\s+)?(?:the\s+)?"
    r"(?:specific\s+)?(?:[\w-]+\s+)?" + _ORGANIZATIONS + r"\b|^(?:and\s+|so\s+)?which\s+(?:[\w-]+\s+)?" + _ORGANIZATIONS
    + r"\s+(?:took\s+part|partnered|participated|worked|were\s+involved|joined|funded|sponsored)\b[^?]*\b[A-Z][a-z]+",
    re.I,
)
#: "Where has it been used?", "In which countries …?": a sentence that names a place answers it best (a place is not
#: required: "where is it most common?" may be answered by whom it is common among).
_WANTS_PLACE = re.compile(
    r"^(?:and\s+|so\s+|ok(?:ay)?,?\s+)?where\s+(?:has|have|had|is|are|was|were|do|does|did)\s+[^?]*?\b(?:used|implemented|"
    r"observed|seen|found|tried|adopted|applied|practi[sc]ed|common|popular|prevalent|widespread|happening|done|"
    r"put\s+in(?:to)?\s+(?:place|practice)|use|implement|try|adopt|apply|happen)\b"
    r"|\b(?:in\s+)?(?:which|what)\s+(?:countries|country|cities|city|places|regions|states|parts\s+of\s+the\s+world)\b"
    # "has it actually been used anywhere?"
    r"|\b(?:used|implemented|tried|adopted|applied|seen)\s+(?:in\s+practice\s+)?anywhere\b",
    re.I,
)
#: "How often should evaluations be done?": only a passage that gives a frequency answers it.
_WANTS_FREQUENCY = re.compile(r"\bhow\s+often\b|\b(?:how\s+many\s+times|how\s+frequently)\b", re.I)


_CLAIM = re.compile(
    r"\b(?:is\s+it\s+(?:really\s+|actually\s+)?(?:true|correct|right|the\s+case)|am\s+i\s+right|(?:i\s+)?"
    r"(?:heard|read|was\s+told)|(?:someone|people)\s+(?:said|told\s+me|say))\s+that\s+(?P<claim>[^?.!]+)"
    # "Do partnerships with businesses lead to commercialisation of the curriculum?"
    # … and "Do school-community partnerships reduce teacher turnover?": a yes or no on an effect
    r"|^(?P<also>(?:do|does|can|will|would)\s+[^?.!]+?\s+(?:lead\s+to|result\s+in|cause|bring\s+about)\s+[^?.!]+"
    r"|(?:do|does)\s+[^?.!]+?\s+(?:reduce|lower|cut|decrease|increase|boost)\s+[^?.!]+)"
    # "Is restorative justice part of the full-service schools approach?", "Are charter schools more likely to …?":
    # what is claimed to be part of something, or likelier, must be the documents'
    r"|^(?:is|are)\s+(?P<part>[^?.!]+?)\s+(?:(?:a|an)\s+)?(?:(?:key|core|big|central|main|real)\s+)?"
    r"(?:part|component|element)\s+of\b"
    r"|^(?:are|is|do|does)\s+(?P<likely>[^?.!]+?)\s+(?:more|less)\s+likely\b",
    re.I,
)


def claim_of(question: str) -> str | None:
    """The claim a question asks to have confirmed, or None.

    >>> claim_of("Is it true that full-service schools reduce teacher turnover?")
    'full-service schools reduce teacher turnover'
    """
    match = _CLAIM.search(question)
    if not match:
        return None
    if match.group("part") or match.group("likely"):
        return (match.group("part") or match.group("likely")).strip()
    claim = match.group("claim") or re.sub(r"^\w+\s+", "", match.group("also"))
    return claim.strip()


def wanted_quantity(question: str) -> str | None:
    """ "time" when the question asks when, "name" when it asks who made something, "number" when it asks how
    many, how much or how long, or claims a size ("cut in half"), "names" when it asks which companies or
    non-profits took part in a case, "frequency" when it asks how often, "law" when it asks what the law
    requires; else None.

    >>> wanted_quantity("When did Philadelphia's first public high school open?")
    'time'
    >>> wanted_quantity("How much homework should elementary students get?")
    'number'
    >>> wanted_quantity("How much does community involvement matter?") is None
    True
    >>> wanted_quantity("Where has inter-school collaboration been used?")
    'place'
    >>> wanted_quantity("Where are school-community partnerships heading?") is None
    True
    """
    if _WANTS_TIME.search(question):
        return "time"
    if _WANTS_NAME.search(question):
        return "name"
    if _WANTS_NAMES.search(question):
        return "names"
    if _WANTS_NUMBER.search(question):
        return "number"
    if _WANTS_FREQUENCY.search(question):
        return "frequency"
    if _WANTS_LAW.search(question):
        return "law"
    if _WANTS_PLACE.search(question):
        return "place"
    return None


def topic_of(question: str) -> str | None:
    """X of "How do X affect …?", "Is X effective …?" or "Do X make …?", or None.

    >>> topic_of("How do charter schools affect enrollment at nearby district schools?")
    'charter schools'
    """
    match = _TOPIC.search(question)
    if not match:
        return None
    phrase = _LEADING_ARTICLE.sub("", next(g for g in match.groups() if g).strip())
    return phrase if content_words(phrase) else None


def resolve(question: str, referent: str) -> str:
    """The follow-up rewritten to name what it refers to ("What does it offer?" → "What does X offer?")."""
    what_about = _WHAT_ABOUT.search(question)
    if what_about:
        return f"{what_about.group('rest')} {referent}"
    # (the referent is put in as it is written: a backslash in it is no escape)
    named = lambda _: referent  # noqa: E731
    rewritten, count = _ORDINAL.subn(named, question, count=1)
    if not count:
        rewritten, count = _NUMBERED.subn(named, question, count=1)
    if not count:
        rewritten, count = _DEMONSTRATIVE_PHRASE.subn(named, question, count=1)
    if not count:
        possessive = referent + "’s" if "’" in referent else referent + "'s"
        rewritten, count = re.subn(r"\b(?:its|their)\b", lambda _: possessive, question, count=1, flags=re.I)
    if not count:
        rewritten, count = re.subn(r"\b(?:it|they|them|this|that|these|those)\b", named, question, count=1,
                                   flags=re.I)
    if not count:
        rewritten = f"{question.rstrip(' ?.!')} {referent}"
    return rewritten.replace("  ", " ")


#: The two groups a partnership's benefits are told for: students, and the community around the school.
_STUDENT_WORDS = r"students?|kids?|child|children|pupils?|learners?|sons?|daughters?|youth|young\s+people"
_COMMUNITY_WORDS = (r"communit(?:y|ies)|neighbou?rhoods?|towns?|locals|local\s+area|residents|wider\s+area|"
                    r"the\s+(?:wider\s+|local\s+)?public")
#: "community organizations", "community orgs": partners, not the community that benefits.
_AS_PARTNER = (r"(?!\s+(?:organi[sz]ations?|orgs?|groups?|partners?|partnerships?|members|stakeholders|leaders|"
               r"agencies|schools?|models?|collaborations?|programs?|programmes?|events?|forums?|resources|services|"
               r"centers?|centres?)\b)")
BENEFICIARY_WORDS = {
    "students": re.compile(r"(?<![\w-])(?:" + _STUDENT_WORDS + r")(?:['’]s?)?(?![\w-])", re.I),
    "communities": re.compile(r"(?<![\w-])(?:" + _COMMUNITY_WORDS + r")(?![\w-])" + _AS_PARTNER, re.I),
}


def group_counts(text: str) -> dict[str, int]:
    """How often a text names each group that benefits (`BENEFICIARY_WORDS`).

    >>> group_counts("Within communities, partnerships invest in students' success and community cohesion.")
    {'students': 1, 'communities': 2}
    >>> group_counts("Community organizations help students.")
    {'students': 1, 'communities': 0}
    """
    return {group: len(pattern.findall(text)) for group, pattern in BENEFICIARY_WORDS.items()}


def asked_group(question: str) -> str | None:
    """The one group a question asks about, students or communities, when it names one and not the other.

    >>> asked_group("What long-term gains do students get from these partnerships?")
    'students'
    >>> asked_group("How does the wider neighbourhood benefit, not just pupils?")
    'communities'
    >>> asked_group("what do students and the town get out of all this?") is None
    True
    >>> asked_group("what's in it for teachers and kids?") is None
    True
    >>> asked_group("what would my kid gain from the school teaming up with community orgs?")
    'students'
    """
    # "not just pupils", "beyond the students themselves"; "Parent here." or "As a teacher, …" says who asks
    asked = _ASKER.sub("", _PERSON_HERE.sub("", _SET_ASIDE.sub("", question.strip())))
    if _OTHER_PEOPLE.search(asked):
        return None  # "what's in it for teachers and kids?" asks about more than students
    named = [group for group, count in group_counts(asked).items() if count]
    return named[0] if len(named) == 1 else None


_PERSON_HERE = re.compile(r"^\W*[\w-]+(?:\s+[\w-]+)?\s+here\s*[.,!:;-]\s*", re.I)  # "Parent here."
_OTHER_PEOPLE = re.compile(r"\b(?:teachers?|staff|educators?|parents?|famil(?:y|ies)|principals?|volunteers?)\b", re.I)


_SET_ASIDE = re.compile(r"\b(?:not\s+(?:just|only)|beyond|besides|other\s+than|apart\s+from|rather\s+than)\s+"
                        r"(?:the\s+|our\s+|their\s+)?(?:" + _STUDENT_WORDS + "|" + _COMMUNITY_WORDS + r")\b", re.I)
