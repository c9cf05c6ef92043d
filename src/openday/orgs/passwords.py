"""Password rules as the project states them (``settings.AUTH_PASSWORD_VALIDATORS``)."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its messages in Chinese: Django 5.2 reworded them and its zh_Hans
    catalog still has the old wording, so the pages showed them in English."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
