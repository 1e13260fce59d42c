"""The checking helpers behind every test cell (course.checks): one short message each, and no
expectation computed from data the learner's code could change."""

from __future__ import annotations

import numpy as np
import pytest

from course import checks


def test_check_equal_takes_any_sequence_and_says_what_differs():
    checks.check_equal(np.array(["left", "right"]), ["left", "right"], name="predictions")
    checks.check_equal((np.int64(1), np.float64(2.5)), (1, 2.5), name="split")
    checks.check_equal([None, None], (None, None), name="no split")
    for got in ((1, 2.5, 0), np.zeros((2, 2)), (0, 2.5), (np.zeros(3), 2.5), None, "ab"):
        with pytest.raises(checks.CheckFailure, match=r"^split: expected \(1, 2.5\), got"):
            checks.check_equal(got, (1, 2.5), name="split", hint="a hint")


def test_check_equal_refuses_a_huge_answer_by_its_length_alone():
    huge = np.zeros(50_000_000, dtype=np.int8)  # 50 MB; as a list of Python ints it would be ~2 GB
    with pytest.raises(checks.CheckFailure, match="expected \\['left', 'right'\\]"):
        checks.check_equal(huge, ["left", "right"], name="predictions")


def test_check_unchanged_names_the_first_change():
    before = np.array([[1.0, np.nan], [3.0, 4.0]])
    checks.check_unchanged(before, before.copy(), name="Q")  # NaN where NaN was is unchanged
    after = before.copy()
    after[1, 0] = 9.0
    with pytest.raises(checks.CheckFailure, match=r"Q: expected unchanged, got modified in place \(Q\[1, 0\] "
                                                  r"went from 3.0 to 9.0\). Likely cause: work on a copy"):
        checks.check_unchanged(before, after, name="Q")
    with pytest.raises(checks.CheckFailure, match="shape"):
        checks.check_unchanged(before, before.ravel(), name="Q")


def test_copies_share_nothing_with_the_originals():
    X, params = np.arange(4.0), {"w": np.ones(2)}
    X2, params2 = checks.copies(X, params)
    X2 += 1
    params2["w"][0] = 5
    assert X.tolist() == [0, 1, 2, 3] and params["w"].tolist() == [1, 1]
    assert checks.copies(None) is None and checks.copies(X).tolist() == X.tolist()


def test_seeded_outputs_and_fit_with_hand_each_call_its_own_data():
    class Model:
        def __init__(self, random_state=None, n=1):
            self.random_state = random_state

        def seed(self, X):
            X[:] = -1  # overwrite the caller's data
            return self.random_state

        def fit(self, X):
            self.start = Model.seed(self, X)  # through the class, not the instance
            self.X = X
            return self

    X = np.arange(3.0)
    assert checks.seeded_outputs(Model, "seed", (X,), range(3)) == [0, 1, 2]
    assert X.tolist() == [0, 1, 2]
    called, (start,) = checks.fit_with(Model, X, fixed={"seed": 42}, attributes=["start"])
    assert called == ["seed"] and start == 42 and X.tolist() == [0, 1, 2]
    assert Model.seed is not None and Model(random_state=7).seed(np.zeros(1)) == 7  # the class got it back
