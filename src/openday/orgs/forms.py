"""Forms of the office's own pages: its units and its people.

The rules (duplicate names, who may grant what) are the services'; these forms only read
the input.
"""

from django import forms

from openday.core.forms import Form
from openday.orgs.enums import Role, UnitKind
from openday.orgs.models import Unit

ACTIVE_CHOICES = [("1", "启用"), ("0", "停用")]
ROLE_CHOICES = [
    (Role.UNIT_LIAISON.value, Role.UNIT_LIAISON.label),
    (Role.OFFICE_ADMIN.value, Role.OFFICE_ADMIN.label),
]


def aliases_of(text: str) -> list[str]:
    """One alias a line (or separated by 、，,；;)."""
    for separator in "、，,；;":
        text = text.replace(separator, "\n")
    return [line.strip() for line in text.splitlines() if line.strip()]


class UnitForm(Form):
    name = forms.CharField(
        label="单位名称",
        max_length=120,
        help_text="写全称，例如“区人力资源社会保障局”。",
        error_messages={"required": "请填写单位名称。"},
    )
    kind = forms.ChoiceField(
        label="单位类型",
        choices=UnitKind.choices,
        error_messages={"required": "请选择单位类型。"},
    )
    aliases = forms.CharField(
        label="别名",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="文件中对该单位的其他写法，每行一个，例如“区人社局”。导入计划时按这些名称匹配单位。",
    )

    def alias_list(self) -> list[str]:
        return aliases_of(self.cleaned_data.get("aliases", ""))


class ActiveForm(Form):
    active = forms.TypedChoiceField(
        label="状态",
        choices=ACTIVE_CHOICES,
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={
            "required": "请说明要启用还是停用。",
            "invalid_choice": "请说明要启用还是停用。",
        },
    )


class UnitMergeForm(Form):
    kept = forms.ModelChoiceField(
        label="合并到",
        queryset=Unit.objects.none(),
        empty_label="请选择保留的单位",
        help_text="本单位的别名、联络员、承办的活动和主题申报都将转到所选单位，本单位随后删除，其名称成为所选单位的别名。",
        error_messages={
            "required": "请选择合并后保留的单位。",
            "invalid_choice": "请选择本地区在用的单位。",
        },
    )
    confirm = forms.BooleanField(
        label="我已确认合并，合并后不能撤销",
        error_messages={"required": "请勾选确认合并。"},
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Every unit of the region but this one: the service refuses inactive or foreign
        # ones with its own message, but the list offers only what makes sense.
        self.fields["kept"].queryset = Unit.objects.filter(
            region_id=unit.region_id, is_active=True
        ).exclude(pk=unit.pk)


class PasswordField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": "new-password"}))
        super().__init__(**kwargs)


class PersonForm(Form):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        help_text="登录时使用，例如拼音或工号；只能包含字母、数字、汉字和 @ . + - _。",
        error_messages={"required": "请填写用户名。"},
    )
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        help_text="填写后，设置密码的链接也会发到这个邮箱。",
        error_messages={"invalid": "请输入有效的电子邮箱，例如 name@example.gov.cn。"},
    )
    role = forms.ChoiceField(
        label="角色",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择角色。"},
    )
    unit = forms.ModelChoiceField(
        label="所在单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="请选择单位（单位联络员必填）",
        error_messages={"invalid_choice": "请选择本地区在用的单位。"},
    )
    password = PasswordField(
        label="临时密码（可不填）",
        help_text="不填：生成一次性链接，由本人设置密码。填写：本人首次登录时必须修改。",
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(region=region, is_active=True)


class PasswordResetForm(Form):
    password = PasswordField(
        label="临时密码（可不填）",
        help_text="不填：生成新的一次性链接，由本人设置密码。填写：本人下次登录时必须修改。原密码和以前的链接立即失效。",
    )
