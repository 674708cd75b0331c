"""Prose with maths in it (notes, rule statements) as LaTeX: the maths in math mode.

The engine and the rule set write their sentences in plain Unicode: "J = diag(S) − SSᵀ",
"(d·n′ − n·d′)/d²", "Valid for alpha > 0".  A lecturer's page sets those in math mode (a
minus sign, not a hyphen; S_i with a subscript).  :func:`prose_latex` finds the runs of
words that are maths — a word with a digit, an operator, a bracketed call, a prime or a
subscript, a single letter, a Greek name, and the operators between them — and writes each
run as ``$…$``; the words around them are escaped as TeX text.
"""
from __future__ import annotations

import re

from sympy import Symbol

from .escape import latex_text

_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿᵘʳⁱʲᵏ⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰˡᵐᵒᵖˢᵗᵛʷˣʸᶻ",  # uⁿ⁻¹ → u^{n-1}, f⁽⁴⁾ → f^{(4)},
                        "0123456789+-nurijk()abcdefghlmopstvwxyz"))  # eˣ → e^{x}
_GREEK_LETTERS = dict(zip("αβγδεζηθικλμνξπρστφχψωΓΔΘΛΞΠΣΦΨΩ", (
    r"\alpha \beta \gamma \delta \epsilon \zeta \eta \theta \iota \kappa \lambda \mu \nu \xi \pi \rho \sigma \tau "
    r"\phi \chi \psi \omega \Gamma \Delta \Theta \Lambda \Xi \Pi \Sigma \Phi \Psi \Omega").split()))
_MATH_SIGNS = set("=<>≠≤≥_ᵀΣ∑𝟙^·×−/|δ∂′√") | set(_SUPERSCRIPTS) | set(_GREEK_LETTERS)
_OPERATORS = {"=", "-", "+", "−", "<", ">", "≤", "≥", "≠", "≈", "·", "×", "/", "→", "⇒"}
_ENGLISH_LETTERS = {"a", "A", "I"}
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "nu", "pi", "rho", "sigma",
          "tau", "phi", "chi", "psi", "omega", "lambd", "lambda_"}
_FUNCTIONS = {"exp", "log", "ln", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "max",
              "min", "arcsin", "arccos", "arctan"}
_OPERATOR_NAMES = {"diag", "sech", "csch", "erf", "erfc", "sign", "sgn", "arsinh", "arcosh", "artanh", "softmax"}
_UNICODE = {"−": "-", "·": r"\cdot ", "×": r"\times ", "≤": r"\le ", "≥": r"\ge ", "≠": r"\ne ", "ᵀ": r"^{\top}",
            "²": "^{2}", "³": "^{3}", "′": "'", "δ": r"\delta ", "∂": r"\partial ", "Σ": r"\sum", "∑": r"\sum",
            "𝟙": r"\mathbf{1}", "→": r"\to ", "⇒": r"\Rightarrow ", "√": "sqrt", "≈": r"\approx ", "α": r"\alpha ", "π": r"\pi ", "|": r"\vert ", "…": r"\ldots ",
            "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$", "~": r"\sim ", "{": r"\{", "}": r"\}", "\\": ""}


def _bare(word: str) -> str:
    return word.strip(".,;:")


def _is_math(word: str, before: str, after: str) -> bool:
    w = _bare(word)
    if not w:
        return False
    if w in _OPERATORS or w in _FUNCTIONS:
        return True
    if w.strip("()") in _ENGLISH_LETTERS or w.isdigit():  # "a", "4 operations": maths only beside an operator
        return _bare(before) in _OPERATORS or _bare(after) in _OPERATORS
    if _letters_product(w):  # ab in "= ab + ac": maths only after an operator
        return _bare(before) in _OPERATORS
    if any(c in _MATH_SIGNS or c.isdigit() for c in w) or re.search(r"[A-Za-z]'+(\(|$)", w):  # f'(x), not pass's
        return True
    if re.fullmatch(r"\(?[A-Za-z]\)?", w) or w.strip("()") in _GREEK:
        return True
    return bool(re.fullmatch(r"[A-Za-z_]+\(.*", w))


_ENGLISH_WORDS = {"an", "as", "at", "be", "by", "do", "if", "in", "is", "it", "no", "of", "on", "or", "so", "to",
                  "up", "we", "and", "are", "but", "for", "its", "not", "the", "was"}


def _letters_product(w: str) -> bool:
    """A product of two or three one-letter names written together (ab in ab + ac), not a short English word."""
    return bool(re.fullmatch(r"[a-z]{2,3}", w)) and w not in _ENGLISH_WORDS and w not in _FUNCTIONS


def _math(span: str) -> str:
    """A run of maths in Unicode as LaTeX (TeX's specials escaped, braces kept where they pair up)."""
    table = {**{c: name + " " for c, name in _GREEK_LETTERS.items()}, **_UNICODE}
    if _balanced(span):
        del table["{"], table["}"]
    span = re.sub("[%s]+" % "".join(_SUPERSCRIPTS),
                  lambda m: "^{%s}" % "".join(_SUPERSCRIPTS[c] for c in m.group()), span)
    span = "".join(table.get(c, c) for c in span)
    span = re.sub(r"sqrt\(([^()]*)\)", r"\\sqrt{\1}", span)
    span = re.sub(r"\^\(([^()]*)\)", r"^{\1}", span)
    span = re.sub(r"\^([A-Za-z0-9−-]+)", lambda m: "^{%s}" % m.group(1) if len(m.group(1)) > 1 else m.group(0), span)

    span = re.sub(r"_([A-Za-z0-9]{2,})", r"_{\1}", span)

    def word(m):
        w = m.group(0)
        if m.string[max(m.start() - 2, 0):m.start()] == "_{":  # a subscript: δ_{kj}
            return w
        if w in _FUNCTIONS:
            return "\\" + w + " "
        if w in _OPERATOR_NAMES:
            return r"\operatorname{%s}" % w
        if w in _GREEK:
            from .written import to_latex
            return to_latex(Symbol(w.rstrip("_"))) + " "
        if len(w) > 1 and "_" in w:  # S_k, t_k
            base, sub = w.split("_", 1)
            return "%s_{%s}" % (base, sub) if sub else base
        return w if len(w) == 1 else r"\mathit{%s}" % w

    return re.sub(r"(?<![\\A-Za-z])[A-Za-z][A-Za-z0-9_]*", word, span).strip()


def _balanced(span: str) -> bool:
    depth = 0
    for c in span:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _tokens(words: str) -> list[str]:
    """The sentence split at its spaces, not at those inside braces: e^{k·ln a} is one word."""
    tokens, depth, start = [], 0, 0
    for k, c in enumerate(words):
        depth = max(0, depth + {"{": 1, "}": -1}.get(c, 0))
        if c == " " and depth == 0:
            tokens.append(words[start:k])
            start = k + 1
    return tokens + [words[start:]]


def prose_latex(words: str, plain=latex_text) -> str:
    """A sentence as TeX: its maths in ``$…$``, the rest through ``plain`` (escaped text)."""
    tokens = _tokens(words)
    maths = [_is_math(t, tokens[k - 1] if k else "", tokens[k + 1] if k + 1 < len(tokens) else "")
             for k, t in enumerate(tokens)]
    out, k = [], 0
    while k < len(tokens):
        if not maths[k]:
            out.append(plain(tokens[k]))
            k += 1
            continue
        j = k
        while j + 1 < len(tokens) and maths[j + 1] and tokens[j][-1:] not in ".:;" and not (
                tokens[j].endswith(",") and _bare(tokens[j + 1]).isdigit()):  # a run ends with its clause
            j += 1
        run = " ".join(tokens[k:j + 1])
        tail = run[len(run.rstrip(".,;:")):]
        run = run[:len(run) - len(tail)]
        lead = "(" if run.startswith("(") and run.count("(") > run.count(")") else ""
        end = ")" if run.endswith(")") and run.count(")") > run.count("(") else ""
        body = run[len(lead):len(run) - len(end)]
        out.append(lead + ("$%s$" % _math(body) if body else "") + end + plain(tail))
        k = j + 1
    return " ".join(out)


_GREEK_WORD = re.compile(r"(?<![A-Za-z0-9_\\])((?:%s)(?:_[A-Za-z0-9]+)?)(?![A-Za-z0-9])" % "|".join(
    sorted((re.escape(g) for g in _GREEK), key=len, reverse=True)))


def prose_text(words: str) -> str:
    """A sentence for the terminal or Markdown with its maths as the formulas write it: a Greek
    name spelt out is its letter ("Valid for lambd > 0" is "Valid for λ > 0", alpha = 2 is α = 2),
    a power ^ and a product ⋅, never SymPy's ** and *."""
    from sympy import Symbol
    from sympy.printing.pretty.pretty_symbology import pretty_symbol

    from .written import greek_spelling

    def letter(m) -> str:
        name = m.group(1)
        named = Symbol(name)
        return pretty_symbol((greek_spelling(named) or named).name)

    words = _GREEK_WORD.sub(letter, words)
    return re.sub(r"(?<=[\w)])\*(?=[\w(])", "⋅", words.replace("**", "^"))
