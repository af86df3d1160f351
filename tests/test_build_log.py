"""The build-log reader behind the strict build test (tests/build_log.py): which reports fail the
build, and the one kind of kernel report that is shown but does not."""

from .build_log import kernel_shutdown_noise, reports

SITE = "/check/work/main/.venv/lib/python3.11/site-packages"

RACE = f"""Executing notebook using temporary CWD
ERROR:tornado.general:Uncaught exception in ZMQStream callback
Traceback (most recent call last):
  File "{SITE}/zmq/eventloop/zmqstream.py", line 584, in _run_callback
    f = callback(*args, **kwargs)
        ^^^^^^^^^^^^^^^^^^^^^^^^^
  File "{SITE}/ipykernel/iostream.py", line 120, in _handle_subscription
    self._send_welcome_message(subscription_str)
  File "{SITE}/zmq/sugar/socket.py", line 751, in send_multipart
    return self.send(msg_parts[-1], flags, copy=copy, track=track)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "{SITE}/zmq/sugar/socket.py", line 696, in send
    return super().send(data, flags=flags, copy=copy, track=track)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "zmq/backend/cython/_zmq.py", line 1152, in zmq.backend.cython._zmq.Socket.send
  File "zmq/backend/cython/_zmq.py", line 1194, in zmq.backend.cython._zmq.Socket.send
  File "zmq/backend/cython/_zmq.py", line 1339, in zmq.backend.cython._zmq._check_closed
zmq.error.ZMQError: Socket operation on non-socket
Executed notebook in 4.21 seconds"""


def test_a_sphinx_warning_is_a_problem():
    found = reports("reading sources...\nchapters/06.ipynb:12: WARNING: undefined label: 'spc'\ndone")
    assert [r.line for r in found] == ["chapters/06.ipynb:12: WARNING: undefined label: 'spc'"]
    assert not kernel_shutdown_noise(found[0])


def test_the_kernels_notice_about_tcp_is_not_reported():
    assert reports("[IPKernelApp] WARNING | Kernel is running over TCP without encryption.") == []


def test_the_kernels_shutdown_race_is_recognised_with_its_whole_traceback():
    (found,) = reports(RACE)
    assert found.line == "ERROR:tornado.general:Uncaught exception in ZMQStream callback"
    assert "zmq.error.ZMQError: Socket operation on non-socket" in found.traceback
    assert len(found.frames) == 7 and found.complete
    assert kernel_shutdown_noise(found)


def test_a_traceback_through_the_course_or_a_notebook_is_a_problem():
    for frame in ("/check/work/main/nhsreform/quiz.py", "/tmp/ipykernel_4242/123.py"):
        log = RACE.replace(f"{SITE}/ipykernel/iostream.py", frame)
        (found,) = reports(log)
        assert not kernel_shutdown_noise(found), frame
    # another library in the chain makes it a problem too
    (found,) = reports(RACE.replace(f"{SITE}/zmq/sugar", f"{SITE}/matplotlib"))
    assert not kernel_shutdown_noise(found)


def test_a_kernel_error_without_a_traceback_or_from_another_logger_is_a_problem():
    (bare,) = reports("ERROR:tornado.general:Uncaught exception in ZMQStream callback\nmore")
    assert bare.traceback == () and not kernel_shutdown_noise(bare)
    (other,) = reports(RACE.replace("ERROR:tornado.general", "ERROR:nhsreform.charts"))
    assert not kernel_shutdown_noise(other)


def test_a_chained_traceback_is_read_to_its_end():
    course = RACE.replace(f"{SITE}/ipykernel/iostream.py", "/check/work/main/nhsreform/quiz.py")
    second = course[course.index("Traceback") : course.index("\nExecuted")]
    log = RACE.replace(
        "non-socket\n",
        "non-socket\n\nDuring handling of the above exception, another exception occurred:\n\n"
        + second
        + "\n",
    )
    (found,) = reports(log)
    assert found.traceback.count("Traceback (most recent call last):") == 2
    assert not kernel_shutdown_noise(found)  # its second half runs through the course


def test_a_long_message_or_a_note_does_not_hide_the_rest_of_a_chain():
    course = RACE.replace(f"{SITE}/ipykernel/iostream.py", "/check/work/main/nhsreform/quiz.py")
    second = course[course.index("Traceback") : course.index("\nExecuted")]
    for extra in ("and a second line of the message", "a note added with add_note()"):
        log = RACE.replace(
            "non-socket\n",
            f"non-socket\n{extra}\n\nThe above exception was the direct cause of the following exception:\n\n"
            + second
            + "\n",
        )
        (found,) = reports(log)
        assert extra in found.traceback and "/check/work/main/nhsreform/quiz.py" in found.frames
        assert not kernel_shutdown_noise(found), extra


def test_a_cut_off_traceback_hides_nothing_and_is_a_problem():
    cut = RACE[: RACE.index("zmq.error.ZMQError")] + "ERROR:nhsreform.quiz:the bank is malformed\n"
    race, other = reports(cut)
    assert not race.complete and not kernel_shutdown_noise(race)
    assert other.line == "ERROR:nhsreform.quiz:the bank is malformed"


def test_an_exception_group_is_a_problem():
    log = (
        "ERROR:tornado.general:Uncaught exception in ZMQStream callback\n"
        "  + Exception Group Traceback (most recent call last):\n"
        f'  |   File "{SITE}/zmq/eventloop/zmqstream.py", line 584, in _run_callback\n'
        "  | ExceptionGroup: two (2 sub-exceptions)\n"
    )
    (found,) = reports(log)
    assert not kernel_shutdown_noise(found)
