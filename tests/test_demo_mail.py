"""The demo's email: each message kept whole under var/mail/, one line each on the console."""

from django.core.mail import EmailMessage

from safeguard.email import ConsoleAndFolderBackend


def test_each_message_is_one_console_line_and_a_whole_file(tmp_path, capfd):
    backend = ConsoleAndFolderBackend(file_path=str(tmp_path))
    messages = [EmailMessage(subject=f"Invitation: meeting {n}", body=f"Body text {n}\n" * 30,
                             to=[f"member{n}@example.org"]) for n in (1, 2)]

    assert backend.send_messages(messages) == 2

    lines = [line for line in capfd.readouterr().out.splitlines() if line.startswith("mail to")]
    assert [line.split(" (whole in")[0] for line in lines] == [
        "mail to member1@example.org: Invitation: meeting 1",
        "mail to member2@example.org: Invitation: meeting 2"]
    [kept] = list(tmp_path.iterdir())
    assert kept.read_text().count("Body text 2") == 30
    assert str(kept) in lines[0]
