"""Filters of the public pages."""

from django import template

from openday.core.text import mask_phones

register = template.Library()

register.filter("mask_phones", mask_phones)
